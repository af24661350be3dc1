package io.indexedcp.server.control;

/** The assembled file's SHA-256 is not the one the client declared: 422, the file is not made visible. */
public class FileDigestMismatchException extends UploadRejectedException {

    public FileDigestMismatchException(String expectedHex, String actualHex) {
        super(422, "File SHA-256 mismatch: the assembled file's is " + actualHex + ", the client declared " + expectedHex);
    }
}
