package io.indexedcp.server.control;

/** The file name is missing or unusable as a file in the output directory: 400. */
public class InvalidFileNameException extends UploadRejectedException {

    public InvalidFileNameException(String reason) {
        super(400, "Invalid filename: " + reason);
    }
}
