package io.indexedcp.client.cli;

import java.net.URI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "flush", aliases = "resume", mixinStandardHelpOptions = true,
        description = {"Send everything in the buffer, skipping what the server already holds; also after a crash or kill.",
            "Without --server each file goes to the server it was queued for."},
        footer = ExitCodes.FOOTER)
final class FlushCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL",
            description = "Send every file here instead ($INDEXEDCP_SERVER is used only for files queued without a server).")
    String server;

    @Override
    public Integer call() {
        URI to = server != null ? requiredServer(server) : null;
        URI fallback = to == null ? server(null) : null;
        upload(client -> to != null ? client.uploadBufferedFiles(to) : client.flush(fallback));
        return ExitCodes.OK;
    }
}
