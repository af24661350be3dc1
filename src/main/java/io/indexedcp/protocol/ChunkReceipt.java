package io.indexedcp.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The answer to {@code POST /upload}. {@code alreadyReceived} is present (and true) only when the
 * server already held the chunk; old clients never look for it otherwise.
 */
@JsonbPropertyOrder({"message", "actualFilename", "chunkIndex", "clientFilename", "alreadyReceived"})
public record ChunkReceipt(
        String message,
        String actualFilename,
        int chunkIndex,
        String clientFilename,
        Boolean alreadyReceived) {

    public static final String RECEIVED = "Chunk received";
    public static final String ALREADY_RECEIVED = "Chunk already received (skipped)";

    public static ChunkReceipt received(String actualFilename, int chunkIndex, String clientFilename) {
        return new ChunkReceipt(RECEIVED, actualFilename, chunkIndex, clientFilename, null);
    }

    public static ChunkReceipt alreadyReceived(String actualFilename, int chunkIndex, String clientFilename) {
        return new ChunkReceipt(ALREADY_RECEIVED, actualFilename, chunkIndex, clientFilename, Boolean.TRUE);
    }

    public boolean wasAlreadyReceived() {
        return Boolean.TRUE.equals(alreadyReceived);
    }
}
