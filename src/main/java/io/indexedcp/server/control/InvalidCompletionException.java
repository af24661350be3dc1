package io.indexedcp.server.control;

/** A completion request that is missing fields or has impossible values: 400. */
public class InvalidCompletionException extends UploadRejectedException {

    public InvalidCompletionException(String reason) {
        super(400, "Invalid completion request: " + reason);
    }
}
