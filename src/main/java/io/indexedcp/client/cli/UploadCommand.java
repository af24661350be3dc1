package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Buffer the files and send them to the server. Prints 'NAME -> STORED-NAME' per file.",
            "A file the server refuses does not stop the others; each failure is reported with the server's reason."},
        footer = ExitCodes.FOOTER)
final class UploadCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL",
            description = "The server, e.g. http://host:8080/ or its upload URL http://host:8080/upload (default: $INDEXEDCP_SERVER).")
    String server;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to upload.")
    List<Path> files;

    @Mixin
    ChunkSizeOption chunkSize;

    @Mixin
    ParallelOption parallel;

    @Mixin
    RequestOptions requests;

    @Mixin
    TlsOptions tls;

    @Mixin
    BufferOptions buffer;

    @Mixin
    BufferWaitOption bufferWait;

    @Override
    void configure(IndexedCpClient.Builder builder) {
        chunkSize.applyTo(builder);
        parallel.applyTo(builder);
        requests.applyTo(builder);
        tls.applyTo(builder, root.environment);
        buffer.applyTo(builder);
        bufferWait.applyTo(builder);
    }

    @Override
    public Integer call() {
        var url = requiredServer(server);
        upload(client -> client.bufferAndUpload(url, files.toArray(Path[]::new)));
        return ExitCodes.OK;
    }
}
