package io.indexedcp.server.control;

/**
 * A completion of an upload whose file another completion is hashing right now (a client that
 * timed out waiting for the first and asked again): 503 with {@code Retry-After}, so that the
 * client waits, using up none of its retries, instead of a second full hash starting beside the
 * first.
 */
public class UploadBeingVerifiedException extends UploadRejectedException {

    public UploadBeingVerifiedException(String uploadKey, int retryAfterSeconds) {
        super(503, "Upload " + uploadKey + " is being verified by an earlier completion request; ask again in "
                + retryAfterSeconds + " s", retryAfterSeconds);
    }
}
