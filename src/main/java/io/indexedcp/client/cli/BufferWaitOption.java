package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** For the commands that write the buffer, and so take its lock. */
final class BufferWaitOption {

    @Option(names = "--buffer-wait", paramLabel = "DELAY", defaultValue = "5", converter = Converters.Delay.class,
            description = "How long to wait for another indexedcp process that is using the same buffer before giving up "
                    + "(default: ${DEFAULT-VALUE} s).")
    Duration bufferWait;

    void applyTo(IndexedCpClient.Builder builder) {
        builder.bufferLockWait(bufferWait);
    }
}
