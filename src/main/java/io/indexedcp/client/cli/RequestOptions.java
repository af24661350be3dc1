package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How requests to the server wait and are retried: for every command that talks to one. */
final class RequestOptions {

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Retries per request after the first attempt (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--initial-delay", paramLabel = "DELAY", defaultValue = "1", converter = Converters.Delay.class,
            description = "Wait before the first retry, doubled for each further one; seconds or e.g. 250ms (default: ${DEFAULT-VALUE} s).")
    Duration initialDelay;

    @Option(names = "--jitter", paramLabel = "FRACTION", defaultValue = "0",
            description = "Spread each retry delay by up to ± this fraction, e.g. 0.2 (default: ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--max-busy-wait", paramLabel = "DELAY", defaultValue = "10min", converter = Converters.Delay.class,
            description = "Longest a request waits in all when a busy server asks it to (Retry-After); such waits use up "
                    + "no retry. Seconds or e.g. 30s, 10min (default: ${DEFAULT-VALUE}).")
    Duration maxBusyWait;

    @Option(names = "--read-timeout", paramLabel = "DELAY", defaultValue = "60", converter = Converters.Delay.class,
            description = "How long to wait for the server's answer to one request (default: ${DEFAULT-VALUE} s).")
    Duration readTimeout;

    void applyTo(IndexedCpClient.Builder builder) {
        builder.maxRetries(retries).initialRetryDelay(initialDelay).jitter(jitter).readTimeout(readTimeout)
                .maxBusyWait(maxBusyWait);
    }
}
