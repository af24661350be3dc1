package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Buffer the files and send them to the server. Prints 'NAME -> STORED-NAME' per file.",
        footer = ExitCodes.FOOTER)
final class UploadCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL", description = "The upload URL, e.g. http://host:3000/upload (default: $INDEXEDCP_SERVER).")
    String server;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to upload.")
    List<Path> files;

    @Override
    public Integer call() {
        var url = requiredServer(server);
        Map<String, String> stored;
        try (Progress progress = progress(); IndexedCpClient client = onlineClient(progress)) {
            stored = client.bufferAndUpload(url, files.toArray(Path[]::new));
        }
        printStored(stored);
        return ExitCodes.OK;
    }
}
