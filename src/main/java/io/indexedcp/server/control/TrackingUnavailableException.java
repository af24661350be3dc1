package io.indexedcp.server.control;

/**
 * The tracking database cannot record anything now (its file is gone, replaced or unwritable): 503
 * with {@code Retry-After}, so that no chunk is acknowledged that a restart would forget.
 */
public class TrackingUnavailableException extends UploadRejectedException {

    static final int RETRY_AFTER_SECONDS = 10;

    public TrackingUnavailableException(String reason) {
        super(503, "Service unavailable: " + reason + "; nothing of this request was stored, retry later",
                RETRY_AFTER_SECONDS);
    }
}
