package io.indexedcp.server.storage;

import java.io.IOException;
import java.io.InputStream;

/** Where chunk bytes go. Writes are idempotent, so two servers doing the same step cannot disagree. */
public interface ChunkStorage {

    /**
     * Streams {@code body} to a new staging file and makes it durable. If reading the body fails,
     * the staging file is removed and the exception passes through: nothing is left behind.
     */
    StagedChunk stage(InputStream body) throws IOException;

    /** Copies a staged chunk into the target file at {@code offset}; throws NoSuchFileException if it is gone. */
    void place(String stagedAs, String fileName, long offset) throws IOException;

    /** Makes everything written to the target file durable. */
    void force(String fileName) throws IOException;

    /** Removes a staging file; a missing one is not an error. */
    void discard(String stagedAs) throws IOException;
}
