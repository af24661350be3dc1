package io.indexedcp.client.cli;

import java.nio.file.Path;
import java.util.List;
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
        upload(client -> client.bufferAndUpload(url, files.toArray(Path[]::new)));
        return ExitCodes.OK;
    }
}
