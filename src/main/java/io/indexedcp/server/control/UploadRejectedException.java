package io.indexedcp.server.control;

/** A request the server refuses; the message is what the client reads in {@code {"error": ...}}. */
public abstract class UploadRejectedException extends RuntimeException {

    private final int status;

    protected UploadRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
