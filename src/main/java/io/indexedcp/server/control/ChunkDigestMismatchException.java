package io.indexedcp.server.control;

/**
 * The chunk's bytes do not match its {@code Content-Digest}: 422, nothing kept. The bytes were
 * damaged on the way, so sending the chunk again is the cure; clients retry this one.
 */
public class ChunkDigestMismatchException extends UploadRejectedException {

    public ChunkDigestMismatchException(String expectedHex, String actualHex) {
        super(422, "Content-Digest mismatch: the chunk's SHA-256 is " + actualHex + ", the header says " + expectedHex);
    }
}
