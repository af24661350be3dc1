package io.indexedcp.server.control;

/**
 * The chunk would take its principal over {@code INDEXEDCP_QUOTA_BYTES}: 413, and nothing of it
 * was stored. Not retried by clients: the principal must free space (cancel or have files removed).
 */
public class QuotaExceededException extends UploadRejectedException {

    public QuotaExceededException(String owner, long quota, long used, long chunkBytes) {
        super(413, "Quota exceeded: " + owner + " may store " + quota + " bytes and has " + used
                + " stored or in progress; this chunk of " + chunkBytes + " bytes would take it to "
                + (used + chunkBytes) + "; nothing of it was stored");
    }
}
