package io.indexedcp.server.storage;

/**
 * A chunk written to staging, not yet synced (see {@link ChunkStorage#forceStaged}): the staging
 * file's name and the number of bytes in it.
 */
public record StagedChunk(String stagedAs, long size) {
}
