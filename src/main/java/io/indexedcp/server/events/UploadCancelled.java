package io.indexedcp.server.events;

import java.nio.file.Path;

/**
 * An unfinished upload cancelled by its client; its bytes are gone. {@code size} is what had been
 * placed in its file, {@code sha256} the declared digest if a completion had begun (else null), {@code path}
 * where the file would have been.
 * {@code principal} is who sent it, null while the server knows only one shared key.
 */
public record UploadCancelled(String name, String uploadId, String principal, long size, String sha256, Path path) {
}
