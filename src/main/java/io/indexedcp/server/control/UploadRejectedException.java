package io.indexedcp.server.control;

/** A request the server refuses; the message is what the client reads in {@code {"error": ...}}. */
public abstract class UploadRejectedException extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    protected UploadRejectedException(int status, String message) {
        this(status, message, null);
    }

    protected UploadRejectedException(int status, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** For answers the client should retry: how long to wait, sent as {@code Retry-After}; else null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
