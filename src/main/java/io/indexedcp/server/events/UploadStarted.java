package io.indexedcp.server.events;

/**
 * An upload's first chunk recorded: the upload now exists. {@code principal} is its owner, who
 * sent that chunk; {@code name} the name the owner knows it by.
 */
public record UploadStarted(String name, String uploadId, String principal) {
}
