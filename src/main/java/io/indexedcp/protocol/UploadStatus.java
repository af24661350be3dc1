package io.indexedcp.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The answer to {@code GET /upload/status}: the chunk indexes the server holds, ascending. The
 * other fields are protocol v2 and absent (null) for a plain request, so old clients see exactly
 * {@code {"filename":…,"receivedChunks":[…]}}.
 *
 * @param uploadId the upload id asked about
 * @param complete whether the upload was completed (v2 uploads only)
 * @param actualFilename the final name, once complete
 * @param size the whole file's size, once complete
 * @param sha256 the whole file's hex SHA-256, once complete
 * @param chunks each held chunk's size and digest, when asked for with {@code digests=true}
 */
@JsonbPropertyOrder({"filename", "receivedChunks", "uploadId", "complete", "actualFilename", "size", "sha256",
    "chunks"})
public record UploadStatus(
        String filename,
        List<Integer> receivedChunks,
        String uploadId,
        Boolean complete,
        String actualFilename,
        Long size,
        String sha256,
        List<ChunkDigest> chunks) {

    public static UploadStatus plain(String filename, List<Integer> receivedChunks) {
        return new UploadStatus(filename, receivedChunks, null, null, null, null, null, null);
    }

    /** A held chunk: its index, size and RFC 9530 digest ({@code sha-256=:<base64>:}). */
    @JsonbPropertyOrder({"index", "size", "digest"})
    public record ChunkDigest(int index, long size, String digest) {
    }
}
