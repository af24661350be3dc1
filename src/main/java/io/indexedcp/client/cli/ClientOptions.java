package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.UploadListener;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every subcommand shares: how files are cut, how failures are retried, where the buffer lives. */
final class ClientOptions {

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "1M", converter = Converters.Size.class,
            description = "Chunk size for files added now, e.g. 512K, 4M (default: ${DEFAULT-VALUE}).")
    int chunkSize;

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

    @Option(names = "--buffer-wait", paramLabel = "DELAY", defaultValue = "5", converter = Converters.Delay.class,
            description = "How long to wait for another indexedcp process that is using the same buffer before giving up "
                    + "(default: ${DEFAULT-VALUE} s).")
    Duration bufferWait;

    @Option(names = "--read-timeout", paramLabel = "DELAY", defaultValue = "60", converter = Converters.Delay.class,
            description = "How long to wait for the server's answer to one request (default: ${DEFAULT-VALUE} s).")
    Duration readTimeout;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + IndexedCpClient.DEFAULT_PARALLELISM,
            description = "Chunks in flight at once, each on its own connection; files go up to N at once too (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--buffer", paramLabel = "FILE",
            description = "The buffer database (default: ~/.indexcp/<buffer name>.db).")
    Path buffer;

    @Option(names = "--buffer-name", paramLabel = "NAME", defaultValue = IndexedCpClient.DEFAULT_BUFFER_NAME,
            description = "Name of the buffer under ~/.indexcp (default: ${DEFAULT-VALUE}).")
    String bufferName;

    IndexedCpClient.Builder builder(String apiKey, UploadListener listener) {
        return IndexedCpClient.builder()
                .chunkSize(chunkSize)
                .maxRetries(retries)
                .initialRetryDelay(initialDelay)
                .jitter(jitter)
                .readTimeout(readTimeout)
                .maxBusyWait(maxBusyWait)
                .bufferLockWait(bufferWait)
                .parallelism(parallel)
                .bufferName(bufferName)
                .bufferPath(buffer)
                .apiKey(apiKey)
                .listener(listener);
    }
}
