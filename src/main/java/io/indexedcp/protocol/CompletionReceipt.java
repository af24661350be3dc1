package io.indexedcp.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The answer to a completion: the file is visible under {@code actualFilename}, with this size and digest. */
@JsonbPropertyOrder({"message", "actualFilename", "uploadId", "size", "sha256"})
public record CompletionReceipt(String message, String actualFilename, String uploadId, long size, String sha256) {

    public static final String COMPLETED = "Upload complete";
}
