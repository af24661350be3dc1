package io.indexedcp.server.control;

/** Completion was asked for before every chunk arrived, or with totals that do not match them: 409. */
public class UploadIncompleteException extends UploadRejectedException {

    public UploadIncompleteException(String reason) {
        super(409, "Upload incomplete: " + reason);
    }
}
