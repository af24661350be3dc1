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
 * @param remainingChunks chunks not yet accepted by a server
 * @param remainingBytes  their total size
 * @param serverUrl       the upload URL the file was queued for, if any
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
        Optional<URI> serverUrl) {
}
