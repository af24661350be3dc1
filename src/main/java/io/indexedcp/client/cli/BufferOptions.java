package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which buffer: for every command that reads or writes it. */
final class BufferOptions {

    @Option(names = "--buffer", paramLabel = "FILE",
            description = "The buffer database (default: ~/.indexcp/<buffer name>.db).")
    Path buffer;

    @Option(names = "--buffer-name", paramLabel = "NAME", defaultValue = IndexedCpClient.DEFAULT_BUFFER_NAME,
            description = "Name of the buffer under ~/.indexcp (default: ${DEFAULT-VALUE}).")
    String bufferName;

    void applyTo(IndexedCpClient.Builder builder) {
        builder.bufferName(bufferName).bufferPath(buffer);
    }
}
