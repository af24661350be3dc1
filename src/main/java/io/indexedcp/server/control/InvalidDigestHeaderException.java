package io.indexedcp.server.control;

/** {@code Content-Digest} names sha-256 but its value is malformed: 400. */
public class InvalidDigestHeaderException extends UploadRejectedException {

    public InvalidDigestHeaderException(String reason) {
        super(400, "Invalid Content-Digest: " + reason);
    }
}
