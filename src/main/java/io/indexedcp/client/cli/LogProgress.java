package io.indexedcp.client.cli;

import io.indexedcp.client.RetryEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress as log lines for pipes, files and CI logs, where a redrawn bar is garbage: a line per
 * file started and finished, per retry, and one every {@link #STEP_PERCENT} percent of a file.
 * Files uploaded at once are followed each on its own (the client tells one event at a time).
 */
final class LogProgress implements Progress {

    static final int STEP_PERCENT = 10;

    private final PrintStream err;
    private final Map<String, FileProgress> files = new HashMap<>();

    private static final class FileProgress {
        final long bytes;
        final Instant start = Instant.now();
        long done;
        int lastStep;

        FileProgress(long bytes) {
            this.bytes = bytes;
        }

        String rate() {
            double seconds = Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
            return String.format("%.1f MiB/s", done / seconds / (1024 * 1024));
        }
    }

    LogProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void fileStarted(String clientName, int chunks, long bytes) {
        files.put(clientName, new FileProgress(bytes));
        err.printf("indexedcp: %s: %s, %s to go%n", clientName, Counts.of(chunks, "chunk"), Counts.of(bytes, "byte"));
    }

    @Override
    public void chunkSent(String clientName, int chunkIndex, int bytes) {
        advance(clientName, bytes);
    }

    @Override
    public void chunkSkipped(String clientName, int chunkIndex, int bytes) {
        advance(clientName, bytes);
    }

    private void advance(String clientName, int bytes) {
        FileProgress file = files.computeIfAbsent(clientName, name -> new FileProgress(0));
        file.done += bytes;
        if (file.bytes <= 0) {
            return;
        }
        int step = (int) (file.done * 100 / file.bytes) / STEP_PERCENT;
        if (step > file.lastStep && step < 100 / STEP_PERCENT) {
            file.lastStep = step;
            err.printf("indexedcp: %s: %d%% (%s)%n", clientName, step * STEP_PERCENT, file.rate());
        }
    }

    @Override
    public void retrying(RetryEvent event) {
        err.println("indexedcp: " + describe(event));
    }

    @Override
    public void fileDone(String clientName, String actualFilename) {
        FileProgress file = files.remove(clientName);
        err.printf("indexedcp: %s: done, stored as %s (%s)%n", clientName, actualFilename,
                file == null ? "-" : file.rate());
    }

    static String describe(RetryEvent event) {
        String what = switch (event.chunkIndex()) {
            case RetryEvent.STATUS_REQUEST -> "status request";
            case RetryEvent.COMPLETION -> "completion";
            default -> "chunk " + event.chunkIndex();
        };
        long millis = event.delay().toMillis();
        String delay = millis < 1000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
        return String.format("%s, %s: %s; retry %d in %s", event.clientName(), what, event.reason(), event.retry(), delay);
    }

    @Override
    public void close() {
        err.flush();
    }
}
