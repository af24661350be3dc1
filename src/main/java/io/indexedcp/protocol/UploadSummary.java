package io.indexedcp.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * One upload in {@code GET /uploads} (protocol v2).
 *
 * @param state {@code receiving} or {@code complete}
 * @param totalSize the declared size, once known (at completion)
 */
@JsonbPropertyOrder({"filename", "uploadId", "state", "receivedChunks", "receivedBytes", "totalSize", "lastActivity"})
public record UploadSummary(
        String filename,
        String uploadId,
        String state,
        long receivedChunks,
        long receivedBytes,
        Long totalSize,
        Instant lastActivity) {
}
