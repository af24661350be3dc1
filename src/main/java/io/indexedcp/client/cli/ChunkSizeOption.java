package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import picocli.CommandLine.Option;

/** For the commands that cut files into chunks (a buffered file keeps the size it was added with). */
final class ChunkSizeOption {

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "1M", converter = Converters.Size.class,
            description = "Chunk size for files added now, e.g. 512K, 4M (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    void applyTo(IndexedCpClient.Builder builder) {
        builder.chunkSize(chunkSize);
    }
}
