package io.indexedcp.server.control;

/** The status request names no file: 400, with the message the existing servers use. */
public class MissingFilenameException extends UploadRejectedException {

    public MissingFilenameException() {
        super(400, "Missing filename parameter");
    }
}
