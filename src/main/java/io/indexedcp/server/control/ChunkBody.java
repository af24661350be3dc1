package io.indexedcp.server.control;

import io.indexedcp.server.storage.StagedChunk;

/**
 * A chunk's bytes from their arrival to their commit: held in memory ({@link ChunkBodies}), or in a
 * staging file. A held chunk that is next in its file goes straight to its offset, with no staging
 * file written, copied and deleted on the way; one that has to wait is staged by the commit.
 */
sealed interface ChunkBody {

    long size();

    /** Bytes held in memory, under a reservation of {@link ChunkBodies}. */
    record Held(byte[] bytes) implements ChunkBody {

        @Override
        public long size() {
            return bytes.length;
        }
    }

    /** Bytes in a staging file; {@code durable} once the file was synced. */
    record Staged(StagedChunk file, boolean durable) implements ChunkBody {

        @Override
        public long size() {
            return file.size();
        }

        String stagedAs() {
            return file.stagedAs();
        }
    }
}
