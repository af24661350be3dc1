package io.indexedcp.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * One upload in {@code GET /uploads} (protocol v2).
 *
 * @param state {@code receiving}, {@code completing}, {@code publishing} or {@code complete} for a v2
 *     upload; {@code plain} for an upload of the plain protocol, which has no declared end
 * @param totalSize the declared size, once known (at completion)
 * @param owner the principal whose upload it is ({@code default} for the key of {@code INDEXEDCP_API_KEY})
 */
@JsonbPropertyOrder({"filename", "uploadId", "state", "receivedChunks", "receivedBytes", "totalSize", "lastActivity",
    "owner"})
public record UploadSummary(
        String filename,
        String uploadId,
        String state,
        long receivedChunks,
        long receivedBytes,
        Long totalSize,
        Instant lastActivity,
        String owner) {

    /** The state shown for a plain-protocol upload (no upload id). */
    public static final String PLAIN = "plain";
}
