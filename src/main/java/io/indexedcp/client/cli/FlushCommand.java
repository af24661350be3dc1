package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.util.Map;
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
        Map<String, String> stored;
        try (Progress progress = progress(); IndexedCpClient client = onlineClient(progress)) {
            stored = server != null ? client.uploadBufferedFiles(requiredServer(server)) : client.flush(server(null));
        }
        printStored(stored);
        return ExitCodes.OK;
    }
}
