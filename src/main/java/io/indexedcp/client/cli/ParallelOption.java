package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import picocli.CommandLine.Option;

/** For the commands that send files. */
final class ParallelOption {

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + IndexedCpClient.DEFAULT_PARALLELISM,
            description = "Chunks in flight at once, each on its own connection; files go up to N at once too (default: ${DEFAULT-VALUE}).")
    int parallel;

    void applyTo(IndexedCpClient.Builder builder) {
        builder.parallelism(parallel);
    }
}
