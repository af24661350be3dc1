package io.indexedcp.server.storage;

/** A chunk durably written to staging: the staging file's name and the number of bytes in it. */
public record StagedChunk(String stagedAs, long size) {
}
