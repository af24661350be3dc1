package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Put files into the buffer without sending them; 'indexedcp flush' sends them later.",
        footer = ExitCodes.FOOTER)
final class AddCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL", description = "Queue the files for this upload URL (default: $INDEXEDCP_SERVER, else none).")
    String server;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to buffer.")
    List<Path> files;

    @Override
    public Integer call() {
        var url = server(server);
        try (IndexedCpClient client = offlineClient()) {
            for (Path file : files) {
                out().println(file + ": " + client.addFile(file, url) + " chunk(s)");
            }
        }
        return ExitCodes.OK;
    }
}
