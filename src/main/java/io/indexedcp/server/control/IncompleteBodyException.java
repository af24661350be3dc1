package io.indexedcp.server.control;

/** The body ended before its declared length (usually a cut connection): 400, nothing recorded. */
public class IncompleteBodyException extends UploadRejectedException {

    public IncompleteBodyException(String detail) {
        super(400, "Incomplete chunk body: " + detail);
    }
}
