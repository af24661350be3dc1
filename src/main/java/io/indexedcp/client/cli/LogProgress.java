package io.indexedcp.client.cli;

import io.indexedcp.client.RetryEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress as log lines for pipes, files and CI logs, where a redrawn bar is garbage: a line per
 * file started and finished, per retry, and one every {@link #STEP_PERCENT} percent of a file.
 */
final class LogProgress implements Progress {

    static final int STEP_PERCENT = 10;

    private final PrintStream err;
    private long fileBytes;
    private long fileDone;
    private int lastStep;
    private Instant fileStart;

    LogProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void fileStarted(String clientName, int chunks, long bytes) {
        fileBytes = bytes;
        fileDone = 0;
        lastStep = 0;
        fileStart = Instant.now();
        err.printf("indexedcp: %s: %d chunk(s), %d bytes to go%n", clientName, chunks, bytes);
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
        fileDone += bytes;
        if (fileBytes <= 0) {
            return;
        }
        int step = (int) (fileDone * 100 / fileBytes) / STEP_PERCENT;
        if (step > lastStep && step < 100 / STEP_PERCENT) {
            lastStep = step;
            err.printf("indexedcp: %s: %d%% (%s)%n", clientName, step * STEP_PERCENT, rate());
        }
    }

    @Override
    public void retrying(RetryEvent event) {
        err.println("indexedcp: " + describe(event));
    }

    @Override
    public void fileDone(String clientName, String actualFilename) {
        err.printf("indexedcp: %s: done, stored as %s (%s)%n", clientName, actualFilename, rate());
    }

    private String rate() {
        double seconds = Math.max(0.001, Duration.between(fileStart, Instant.now()).toMillis() / 1000.0);
        return String.format("%.1f MiB/s", fileDone / seconds / (1024 * 1024));
    }

    static String describe(RetryEvent event) {
        String what = event.chunkIndex() == RetryEvent.STATUS_REQUEST ? "status request" : "chunk " + event.chunkIndex();
        long millis = event.delay().toMillis();
        String delay = millis < 1000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
        return String.format("%s, %s: %s; retry %d in %s", event.clientName(), what, event.reason(), event.retry(), delay);
    }

    @Override
    public void close() {
        err.flush();
    }
}
