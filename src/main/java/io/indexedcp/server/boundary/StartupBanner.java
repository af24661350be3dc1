package io.indexedcp.server.boundary;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The few lines a person starting the server needs, printed once start-up is done, after the
 * container's long boot log: where to point a browser or client, where the files go, where the key is.
 */
final class StartupBanner {

    private StartupBanner() {
    }

    /**
     * {@code httpsPort}: the port the operator gave HTTPS ({@code INDEXEDCP_HTTPS_PORT}), shown as
     * {@code https://}; the socket list alone does not say which port speaks TLS.
     */
    static String text(List<InetSocketAddress> listening, OptionalInt httpsPort, Path outputDirectory,
            String apiKeyOrigin) {
        String urls = listening.isEmpty()
                ? "the server's HTTP address (this system does not tell which sockets the process listens on)"
                : listening.stream().map(socket -> url(socket, httpsPort)).distinct().collect(Collectors.joining("  "));
        return String.join(System.lineSeparator(), "",
                "==== IndexedCP is ready ====",
                "  Open:    " + urls + "   (uploads at /upload, the page at /)",
                "  Files:   " + outputDirectory,
                "  API key: " + apiKeyOrigin,
                "============================");
    }

    /**
     * A URL a user can open: a socket on every interface is reached at localhost as well; the
     * HTTPS port's with {@code https://}.
     */
    static String url(InetSocketAddress socket, OptionalInt httpsPort) {
        InetAddress address = socket.getAddress();
        String host;
        if (address.isAnyLocalAddress()) {
            host = "localhost";
        } else if (address instanceof Inet6Address) {
            host = "[" + address.getHostAddress() + "]";
        } else {
            host = address.getHostAddress();
        }
        String scheme = httpsPort.isPresent() && httpsPort.getAsInt() == socket.getPort() ? "https" : "http";
        return scheme + "://" + host + ":" + socket.getPort() + "/" + (address.isAnyLocalAddress() ? " (all interfaces)" : "");
    }
}
