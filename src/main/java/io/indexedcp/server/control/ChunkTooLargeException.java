package io.indexedcp.server.control;

/** The chunk is larger than the configured maximum: 413. */
public class ChunkTooLargeException extends UploadRejectedException {

    public ChunkTooLargeException(long maxBytes) {
        super(413, "Chunk too large: the maximum is " + maxBytes + " bytes");
    }
}
