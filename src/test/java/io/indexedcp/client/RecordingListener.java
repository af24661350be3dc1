package io.indexedcp.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every progress event, so tests assert on what the client did rather than on logs. */
public final class RecordingListener implements UploadListener {

    public record Chunk(String clientName, int index, int bytes) {
    }

    public final List<Chunk> sent = new CopyOnWriteArrayList<>();
    public final List<Chunk> skipped = new CopyOnWriteArrayList<>();
    public final List<RetryEvent> retries = new CopyOnWriteArrayList<>();
    public final List<String> done = new CopyOnWriteArrayList<>();

    @Override
    public void chunkSent(String clientName, int chunkIndex, int bytes) {
        sent.add(new Chunk(clientName, chunkIndex, bytes));
    }

    @Override
    public void chunkSkipped(String clientName, int chunkIndex, int bytes) {
        skipped.add(new Chunk(clientName, chunkIndex, bytes));
    }

    @Override
    public void retrying(RetryEvent event) {
        retries.add(event);
    }

    @Override
    public void fileDone(String clientName, String actualFilename) {
        done.add(clientName + " -> " + actualFilename);
    }

    public List<Integer> sentIndexes() {
        return sent.stream().map(Chunk::index).toList();
    }

    public List<Integer> skippedIndexes() {
        return skipped.stream().map(Chunk::index).toList();
    }
}
