package io.indexedcp.server.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What the application must know of the operator's HTTPS setup, which the container itself serves
 * (Payara Micro's HTTPS listener with the operator's key store, see {@code server-config/https.env.example}):
 * the HTTPS port, to show it as {@code https://} at start and to send plain-HTTP requests there when
 * {@code INDEXEDCP_HTTP=redirect}. Same names as the launcher's, read like every other setting.
 */
@ApplicationScoped
public class TransportSecurity {

    public static final String HTTPS_PORT = "INDEXEDCP_HTTPS_PORT";
    public static final String HTTP = "INDEXEDCP_HTTP";

    private OptionalInt httpsPort = OptionalInt.empty();
    private boolean redirect;

    @PostConstruct
    void read() {
        httpsPort = Configuration.value(HTTPS_PORT).map(String::strip).map(TransportSecurity::port)
                .orElse(OptionalInt.empty());
        redirect = httpsPort.isPresent()
                && "redirect".equals(Configuration.value(HTTP, "on").strip().toLowerCase(Locale.ROOT));
    }

    private static OptionalInt port(String value) {
        try {
            int port = Integer.parseInt(value);
            return port > 0 && port < 65536 ? OptionalInt.of(port) : OptionalInt.empty();
        } catch (NumberFormatException notAPort) {
            return OptionalInt.empty();
        }
    }

    public OptionalInt httpsPort() {
        return httpsPort;
    }

    /** Whether a request over plain HTTP is answered with a redirect to the HTTPS port instead of being served. */
    public boolean redirectsHttp() {
        return redirect;
    }
}
