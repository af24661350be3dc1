package io.indexedcp.server.control;

/** A chunk beyond the placed prefix of an upload whose completion is under way: 409, the file is already decided. */
public class UploadBeingCompletedException extends UploadRejectedException {

    public UploadBeingCompletedException(String uploadKey) {
        super(409, "Upload " + uploadKey + " is being completed: it takes no more chunks");
    }
}
