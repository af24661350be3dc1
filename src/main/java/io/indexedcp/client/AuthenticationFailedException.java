package io.indexedcp.client;

/** The server refused the API key (401 or 403). Never retried: the same key fails again. */
public class AuthenticationFailedException extends IndexedCpException {

    private final int status;

    public AuthenticationFailedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
