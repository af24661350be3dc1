package io.indexedcp.server.control;

/**
 * Storing the chunk would leave the output volume with less free space than
 * {@code INDEXEDCP_MIN_FREE_BYTES}: 507 with {@code Retry-After}, refused before a byte of it was
 * written, so the same request succeeds once an operator frees space.
 */
public class LowDiskSpaceException extends UploadRejectedException {

    public LowDiskSpaceException(long minFreeBytes) {
        super(507, "Insufficient storage: the server keeps " + minFreeBytes
                + " bytes free on its disk and this chunk would go below; nothing of it was stored, retry later",
                InsufficientStorageException.RETRY_AFTER_SECONDS);
    }
}
