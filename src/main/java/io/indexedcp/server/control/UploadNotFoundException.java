package io.indexedcp.server.control;

/** No upload with that name and id: 404. */
public class UploadNotFoundException extends UploadRejectedException {

    public UploadNotFoundException(String fileName, String uploadId) {
        super(404, "No upload of " + fileName + (uploadId == null ? "" : " with id " + uploadId));
    }
}
