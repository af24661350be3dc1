package io.indexedcp.client.cli;

import io.indexedcp.client.RetryEvent;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * One bar for the whole run, in MiB with rate and ETA. Its total grows as each file starts,
 * because a resumed file's size is known only when the buffer is read.
 */
final class BarProgress implements Progress {

    private final PrintStream err;
    private ProgressBar bar;
    private long total;

    BarProgress(PrintStream err) {
        this.err = err;
    }

    private ProgressBar bar() {
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("indexedcp")
                    .setInitialMax(0)
                    .setUnit(" MiB", 1024 * 1024)
                    .showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .build();
        }
        return bar;
    }

    @Override
    public void fileStarted(String clientName, int chunks, long bytes) {
        total += bytes;
        bar().maxHint(total).setExtraMessage(message(clientName));
    }

    @Override
    public void chunkSent(String clientName, int chunkIndex, int bytes) {
        bar().stepBy(bytes);
    }

    @Override
    public void chunkSkipped(String clientName, int chunkIndex, int bytes) {
        bar().stepBy(bytes);
    }

    @Override
    public void retrying(RetryEvent event) {
        bar().setExtraMessage(message(LogProgress.describe(event)));
    }

    /** The bar ends in the rate ({@code 4.2 MiB/s}) and prints its message right after it: a space keeps them apart. */
    private static String message(String text) {
        return " " + text;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
