package io.indexedcp.server.control;

/**
 * The chunk would start another upload while its principal already has
 * {@code INDEXEDCP_MAX_UPLOADS_IN_PROGRESS} unfinished: 429 with {@code Retry-After}; chunks of the
 * uploads already started are taken as before.
 */
public class TooManyUploadsException extends UploadRejectedException {

    static final int RETRY_AFTER_SECONDS = 30;

    public TooManyUploadsException(String owner, long max) {
        super(429, "Too many uploads in progress: " + owner + " may have " + max
                + " unfinished at once; complete or cancel one, or retry after " + RETRY_AFTER_SECONDS + " s",
                RETRY_AFTER_SECONDS);
    }
}
