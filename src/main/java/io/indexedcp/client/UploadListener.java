package io.indexedcp.client;

/**
 * Progress of an upload, told as it happens. Chunks and files go up in parallel, from several
 * threads, but {@link IndexedCpClient} tells its listener one event at a time, so a listener needs
 * no locking; each accepted chunk is told exactly once. Every method has an empty default, so a
 * listener implements only what it shows. A listener must not throw.
 */
public interface UploadListener {

    UploadListener NONE = new UploadListener() {
    };

    /**
     * A file's upload begins.
     *
     * @param chunks the chunks still in the buffer (some may turn out to be on the server already)
     * @param bytes  their total size
     */
    default void fileStarted(String clientName, int chunks, long bytes) {
    }

    /** The server accepted a chunk that this client sent. */
    default void chunkSent(String clientName, int chunkIndex, int bytes) {
    }

    /** The server already held the chunk (its status said so): it was not sent again. */
    default void chunkSkipped(String clientName, int chunkIndex, int bytes) {
    }

    /** A request failed for a temporary reason and is about to be retried. */
    default void retrying(RetryEvent event) {
    }

    /** The file is on the server (completed, with protocol v2), stored as {@code actualFilename}. */
    default void fileDone(String clientName, String actualFilename) {
    }
}
