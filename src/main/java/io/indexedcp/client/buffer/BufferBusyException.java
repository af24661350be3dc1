package io.indexedcp.client.buffer;

import java.nio.file.Path;
import java.time.Duration;

/** Another process, or another client in this one, is writing the buffer and did not finish in time. */
public final class BufferBusyException extends BufferException {

    BufferBusyException(Path buffer, boolean inThisProcess, Duration waited) {
        super((inThisProcess ? "another client in this process" : "another indexedcp process") + " is using the buffer "
                + buffer + (waited.isZero() ? "" : " (waited " + seconds(waited) + ")")
                + ": try again once it has finished");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
