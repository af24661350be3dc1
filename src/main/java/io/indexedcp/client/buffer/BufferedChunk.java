package io.indexedcp.client.buffer;

/**
 * One chunk read from the buffer for sending.
 *
 * @param contentDigest its RFC 9530 {@code Content-Digest} value, {@code sha-256=:<base64>:}
 */
public record BufferedChunk(int index, byte[] data, String contentDigest) {
}
