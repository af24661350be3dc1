package io.indexedcp.client;

/**
 * Hands the events of parallel transfers to the user's listener one at a time, so that a listener
 * (a progress bar, a log) needs no locking of its own. Events of one chunk keep their order; events
 * of different chunks interleave as they happen.
 */
final class SerializedListener implements UploadListener {

    private final UploadListener delegate;

    SerializedListener(UploadListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void fileStarted(String clientName, int chunks, long bytes) {
        delegate.fileStarted(clientName, chunks, bytes);
    }

    @Override
    public synchronized void chunkSent(String clientName, int chunkIndex, int bytes) {
        delegate.chunkSent(clientName, chunkIndex, bytes);
    }

    @Override
    public synchronized void chunkSkipped(String clientName, int chunkIndex, int bytes) {
        delegate.chunkSkipped(clientName, chunkIndex, bytes);
    }

    @Override
    public synchronized void retrying(RetryEvent event) {
        delegate.retrying(event);
    }

    @Override
    public synchronized void fileDone(String clientName, String actualFilename) {
        delegate.fileDone(clientName, actualFilename);
    }
}
