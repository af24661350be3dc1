package io.indexedcp.server.control;

/** {@code X-Upload-Id} (or the {@code uploadId} parameter) is not 1 to 128 of {@code A-Z a-z 0-9 . _ ~ -}: 400. */
public class InvalidUploadIdException extends UploadRejectedException {

    public InvalidUploadIdException() {
        super(400, "Invalid X-Upload-Id: use 1 to 128 of A-Z a-z 0-9 . _ ~ -");
    }
}
