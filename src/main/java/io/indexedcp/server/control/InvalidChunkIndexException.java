package io.indexedcp.server.control;

/** {@code X-Chunk-Index} is missing, not a number, negative or out of range: 400. */
public class InvalidChunkIndexException extends UploadRejectedException {

    public InvalidChunkIndexException(String reason) {
        super(400, "Invalid X-Chunk-Index: " + reason);
    }
}
