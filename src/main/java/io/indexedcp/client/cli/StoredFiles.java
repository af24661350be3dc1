package io.indexedcp.client.cli;

import io.indexedcp.client.RetryEvent;
import io.indexedcp.client.UploadListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passes every event on to the progress display and remembers the files that went through, so
 * that a run that fails on one file still prints the others' {@code NAME -> STORED-NAME} lines
 * (the client goes on with the other files after a file it had to drop).
 */
final class StoredFiles implements UploadListener {

    private final UploadListener progress;
    private final Map<String, String> stored = new LinkedHashMap<>();

    StoredFiles(UploadListener progress) {
        this.progress = progress;
    }

    /** Client name → stored name, in the order the files were done. */
    Map<String, String> stored() {
        return stored;
    }

    @Override
    public void fileStarted(String clientName, int chunks, long bytes) {
        progress.fileStarted(clientName, chunks, bytes);
    }

    @Override
    public void chunkSent(String clientName, int chunkIndex, int bytes) {
        progress.chunkSent(clientName, chunkIndex, bytes);
    }

    @Override
    public void chunkSkipped(String clientName, int chunkIndex, int bytes) {
        progress.chunkSkipped(clientName, chunkIndex, bytes);
    }

    @Override
    public void retrying(RetryEvent event) {
        progress.retrying(event);
    }

    @Override
    public void fileDone(String clientName, String actualFilename) {
        stored.put(clientName, actualFilename);
        progress.fileDone(clientName, actualFilename);
    }
}
