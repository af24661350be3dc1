package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "flush", aliases = "resume", mixinStandardHelpOptions = true,
        description = {"Send everything in the buffer, skipping what the server already holds; also after a crash or kill.",
            "Without --server each file goes to the server it was queued for. A file that fails does not stop the "
                + "others; each failure is reported with the server's reason and the exit status is then not 0."},
        footer = ExitCodes.FOOTER)
final class FlushCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL",
            description = "Send every file here instead ($INDEXEDCP_SERVER is used only for files queued without a server).")
    String server;

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
        parallel.applyTo(builder);
        requests.applyTo(builder);
        tls.applyTo(builder, root.environment);
        buffer.applyTo(builder);
        bufferWait.applyTo(builder);
    }

    @Override
    public Integer call() {
        URI to = server != null ? requiredServer(server) : null;
        URI fallback = to == null ? server(null) : null;
        upload(client -> to != null ? client.uploadBufferedFiles(to) : client.flush(fallback));
        return ExitCodes.OK;
    }
}
