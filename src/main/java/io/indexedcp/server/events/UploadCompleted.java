package io.indexedcp.server.events;

import java.nio.file.Path;

/**
 * A v2 upload verified and published: {@code path} is the file, {@code size} and {@code sha256} its own.
 * {@code principal} is the owner: who started it ({@code default} for the key of INDEXEDCP_API_KEY).
 */
public record UploadCompleted(String name, String uploadId, String principal, long size, String sha256, Path path) {
}
