package io.indexedcp.client.cli;

import io.indexedcp.client.UploadListener;
import java.io.PrintStream;

/** The CLI's view of an upload: a progress bar on a terminal, plain log lines otherwise. */
interface Progress extends UploadListener, AutoCloseable {

    static Progress forConsole(boolean terminal, PrintStream err) {
        return terminal ? new BarProgress(err) : new LogProgress(err);
    }

    /** Finishes the display; nothing may be printed to it afterwards. */
    @Override
    void close();
}
