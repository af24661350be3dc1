package io.indexedcp.client.cli;

import io.indexedcp.client.AuthenticationFailedException;
import io.indexedcp.client.RetriesExhaustedException;
import java.util.List;

/** What the exit status tells a script, so that it can decide whether running again can help. */
final class ExitCodes {

    static final int OK = 0;
    /**
     * The server refused a request, a file could not be read, the server's TLS certificate is not
     * trusted ({@code TlsException}: retrying cannot help, passing the CA can), or something else that
     * needs a person.
     */
    static final int FAILED = 1;
    /** Wrong arguments: the command line is at fault. */
    static final int USAGE = 2;
    /** No API key, or the server refused it. */
    static final int AUTHENTICATION = 3;
    /**
     * The server stayed unreachable through every retry, or busy beyond the busy-wait budget:
     * running again later may succeed.
     */
    static final int UNAVAILABLE = 4;

    static final String FOOTER = """

            Exit status: 0 done; 1 failed (refused by the server, unreadable file, buffer in
            use by another indexedcp process, server certificate not trusted: see --cacert,
            ...); 2 wrong usage; 3 no or wrong API key;
            4 server unavailable after all retries, or busy for longer than --max-busy-wait
            (the file stays buffered: run `indexedcp flush` later).

            Environment:
              INDEXEDCP_API_KEY  the API key (else INDEXCP_API_KEY, else a hidden prompt on a terminal)
              INDEXEDCP_SERVER   the server (base or upload URL) when --server is not given
              INDEXEDCP_TRUSTSTORE_PASSWORD  the password of --truststore when
                                 --truststore-password is not given""";

    private ExitCodes() {
    }

    static int of(Throwable failure) {
        if (failure instanceof AuthenticationFailedException || failure instanceof MissingApiKeyException) {
            return AUTHENTICATION;
        }
        if (failure instanceof RetriesExhaustedException) {
            return UNAVAILABLE;
        }
        return FAILED;
    }

    /** For several failures (one per file): the one a script must act on first — key, then availability, then the rest. */
    static int of(List<Throwable> failures) {
        int worst = FAILED;
        for (Throwable failure : failures) {
            int code = of(failure);
            if (code == AUTHENTICATION || (code == UNAVAILABLE && worst == FAILED)) {
                worst = code;
            }
        }
        return worst;
    }
}
