package io.indexedcp.protocol;

/**
 * Body of {@code POST /upload/complete} (protocol v2): the client declares the end of an upload.
 *
 * @param filename the name as sent in {@code X-File-Name}
 * @param uploadId the upload id as sent in {@code X-Upload-Id}
 * @param totalChunks how many chunks the file has (a 0-byte file has one, empty)
 * @param totalSize the file's size in bytes
 * @param sha256 the whole file's SHA-256, hex
 */
public record CompletionRequest(String filename, String uploadId, Integer totalChunks, Long totalSize, String sha256) {
}
