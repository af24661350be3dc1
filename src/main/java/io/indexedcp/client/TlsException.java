package io.indexedcp.client;

/**
 * The TLS handshake with the server failed in a way that asking again cannot mend: its certificate
 * is not trusted (signed by a CA the client was not given), does not name the host in the URL, the
 * two sides share no protocol, or the port answers in plain HTTP. Never retried, and it stops the other files of a run (each
 * would fail alike); the message says which server and what to pass ({@code --cacert FILE}).
 */
public class TlsException extends IndexedCpException {

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
