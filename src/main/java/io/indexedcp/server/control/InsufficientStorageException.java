package io.indexedcp.server.control;

/**
 * The output volume (or the tracking database's) is full: 507 with {@code Retry-After}. Nothing of
 * the request was kept; the same request succeeds once an operator frees space.
 */
public class InsufficientStorageException extends UploadRejectedException {

    static final int RETRY_AFTER_SECONDS = 30;

    public InsufficientStorageException() {
        super(507, "Insufficient storage: the server's disk is full; nothing of this request was stored, retry later",
                RETRY_AFTER_SECONDS);
    }
}
