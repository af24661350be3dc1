package io.indexedcp.server.control;

/**
 * The server cannot store anything now (the tracking file is gone, replaced or unwritable, or the
 * output directory cannot be written): 503 with {@code Retry-After}, so that no chunk is
 * acknowledged that a restart would forget.
 */
public class StorageUnavailableException extends UploadRejectedException {

    static final int RETRY_AFTER_SECONDS = 10;

    public StorageUnavailableException(String reason) {
        super(503, "Service unavailable: " + reason + "; nothing of this request was stored, retry later",
                RETRY_AFTER_SECONDS);
    }
}
