package io.indexedcp.client.buffer;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * A file in the buffer, as it was when it was added.
 *
 * @param path            the absolute, normalised path: the identity of the file in the buffer
 * @param clientName      the name sent as {@code X-File-Name} (the path as the user gave it)
 * @param chunkCount      all chunks of the file; a 0-byte file has one, empty
 * @param remainingChunks chunks not yet accepted by a server: the chunk rows, and the chunks not read in yet
 * @param remainingBytes  their total size
 * @param serverUrl       the upload URL the file was queued for, if any
 * @param uploadId        the protocol v2 upload id; null for a file buffered before v2 (sent plain)
 * @param sha256          the whole file's SHA-256, hex, as read when it was added; null as above, and null
 *                        until the file has been read in whole
 * @param bufferedChunks  how many chunks, from the first, have been read in; the rest are read from the source
 *                        file when the file is uploaded (equal to {@code chunkCount} once it has been read in whole)
 */
public record BufferedFile(
        long id,
        String path,
        String clientName,
        long size,
        Instant modified,
        int chunkSize,
        int chunkCount,
        int remainingChunks,
        long remainingBytes,
        Optional<URI> serverUrl,
        String uploadId,
        String sha256,
        int bufferedChunks) {

    /** Whether the file is sent with protocol v2 (upload id, digests, completion). */
    public boolean isV2() {
        return uploadId != null;
    }

    /** Whether every chunk has been read in (its SHA-256 is then known). */
    public boolean fullyBuffered() {
        return bufferedChunks >= chunkCount && (uploadId == null || sha256 != null);
    }
}
