package io.indexedcp.server.events;

import java.nio.file.Path;

/**
 * An unfinished upload removed for being idle; its bytes are gone (a plain upload keeps its file).
 * {@code size} is what had been placed in its file, {@code sha256} the declared digest if a completion had
 * begun (else null), {@code path} where the file is or would have been.
 * {@code principal} is the owner: who started it ({@code default} for the key of INDEXEDCP_API_KEY).
 */
public record UploadExpired(String name, String uploadId, String principal, long size, String sha256, Path path) {
}
