package io.indexedcp.protocol;

/** The answer to {@code DELETE /upload} (protocol v2): the upload's bytes and tracking are gone. */
public record CancelReceipt(String message, String filename, String uploadId) {

    public static final String CANCELLED = "Upload cancelled";
}
