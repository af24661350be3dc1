package io.indexedcp.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the development server ({@code mvn package exec:java}, the README's first command) as a child
 * process tied to Maven's: whatever stops Maven — Ctrl-C, SIGTERM to Maven alone — stops Payara Micro
 * first, so no server is left holding the port, and a stop is a normal end, not a failed build.
 * The arguments are the command to run; with {@code INDEXEDCP_HTTPS_PORT} set, HTTPS is added to it
 * ({@link HttpsLaunch}).
 */
public final class ForegroundServer {

    private Process server;

    private ForegroundServer() {
    }

    public static void main(String[] command) throws Exception {
        if (command.length == 0) {
            throw new IllegalArgumentException("usage: ForegroundServer <command> [arguments…]");
        }
        List<String> full = new ArrayList<>(Arrays.asList(command));
        HttpsLaunch.forgetPrevious(full);
        Optional<HttpsLaunch> https = HttpsLaunch.fromEnvironment(System.getenv());
        if (https.isPresent()) {
            full = https.get().addTo(full);
            System.out.println("IndexedCP: HTTPS on port " + https.get().port() + " with key pair '"
                    + https.get().keyAlias() + "' of " + https.get().keyStore() + "; plain HTTP "
                    + https.get().http().name().toLowerCase(java.util.Locale.ROOT));
        }
        ForegroundServer foreground = new ForegroundServer();
        // The hook is in place before the child exists, and waits for start() to return, so that a stop
        // arriving at any moment finds the child.
        Runtime.getRuntime().addShutdownHook(new Thread(foreground::stop, "stop-payara-micro"));
        foreground.start(full).waitFor();
    }

    private synchronized Process start(List<String> command) throws IOException {
        server = new ProcessBuilder(command).inheritIO().start();
        return server;
    }

    /** Payara Micro's own shutdown (undeploy, close the database) on SIGTERM; SIGKILL only if that hangs. */
    private synchronized void stop() {
        if (server == null) {
            return;
        }
        server.destroy();
        try {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
