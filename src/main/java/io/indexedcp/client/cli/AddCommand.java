package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Put files into the buffer without sending them; 'indexedcp flush' sends them later.",
        footer = ExitCodes.FOOTER)
final class AddCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL",
            description = "Queue the files for this server, e.g. http://host:8080/ (default: $INDEXEDCP_SERVER, else none).")
    String server;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to buffer.")
    List<Path> files;

    @Mixin
    ChunkSizeOption chunkSize;

    @Mixin
    BufferOptions buffer;

    @Mixin
    BufferWaitOption bufferWait;

    @Override
    void configure(IndexedCpClient.Builder builder) {
        chunkSize.applyTo(builder);
        buffer.applyTo(builder);
        bufferWait.applyTo(builder);
    }

    @Override
    public Integer call() {
        var url = server(server);
        try (IndexedCpClient client = offlineClient()) {
            for (Path file : files) {
                int chunks = client.addFile(file, url);
                out().println(file + ": " + Counts.of(chunks, "chunk"));
            }
        }
        return ExitCodes.OK;
    }
}
