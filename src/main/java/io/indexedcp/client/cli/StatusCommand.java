package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.protocol.UploadStatus;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Ask the server which chunks of a file it holds. Prints 'NAME: N chunk(s): i, j, ...'.",
            "Asks about the upload id of the buffered file of that name, or --upload-id; else the plain (name-only) upload."},
        footer = ExitCodes.FOOTER)
final class StatusCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL", description = "The upload URL (default: $INDEXEDCP_SERVER).")
    String server;

    @Option(names = "--upload-id", paramLabel = "ID", description = "The upload id to ask about (protocol v2).")
    String uploadId;

    @Parameters(paramLabel = "NAME", description = "The file name (a path is reduced to its base name).")
    String name;

    @Override
    public Integer call() {
        var url = requiredServer(server);
        UploadStatus status;
        try (Progress progress = progress(); IndexedCpClient client = onlineClient(progress)) {
            status = uploadId != null ? client.status(name, uploadId, url) : client.status(name, url);
        }
        out().println(status.filename() + ": " + status.receivedChunks().size() + " chunk(s)"
                + (status.receivedChunks().isEmpty() ? "" : ": "
                        + status.receivedChunks().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                + (Boolean.TRUE.equals(status.complete()) ? " (complete)" : ""));
        return ExitCodes.OK;
    }
}
