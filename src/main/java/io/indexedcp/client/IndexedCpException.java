package io.indexedcp.client;

/** Base of every failure the client reports; the message is meant for the user, in one line. */
public class IndexedCpException extends RuntimeException {

    public IndexedCpException(String message) {
        super(message);
    }

    public IndexedCpException(String message, Throwable cause) {
        super(message, cause);
    }
}
