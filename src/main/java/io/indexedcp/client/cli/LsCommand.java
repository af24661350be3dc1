package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.UploadListener;
import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.protocol.UploadList;
import io.indexedcp.protocol.UploadSummary;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the buffered files: chunks left/total, bytes left, server, name. Prints nothing when the buffer is empty.",
            "With --server, list the uploads that server holds instead (protocol v2, GET /uploads): "
                + "name, upload id, state, chunks and bytes received, size, last activity."},
        footer = ExitCodes.FOOTER)
final class LsCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL",
            description = "List this server's uploads (its upload URL, e.g. http://host:3000/upload) instead of the buffer.")
    String server;

    @Override
    public Integer call() {
        if (server != null) {
            return listServer();
        }
        List<BufferedFile> files;
        try (IndexedCpClient client = offlineClient()) {
            files = client.listBufferedFiles();
        }
        if (!files.isEmpty()) {
            out().printf("%-13s %14s  %-40s %s%n", "CHUNKS", "BYTES-LEFT", "SERVER", "FILE");
        }
        for (BufferedFile f : files) {
            out().printf("%-13s %14d  %-40s %s%n", f.remainingChunks() + "/" + f.chunkCount(), f.remainingBytes(),
                    f.serverUrl().map(Object::toString).orElse("-"), f.clientName());
        }
        return ExitCodes.OK;
    }

    private int listServer() {
        var url = requiredServer(server);
        UploadList list;
        try (IndexedCpClient client = onlineClient(UploadListener.NONE)) {
            list = client.serverUploads(url);
        }
        List<UploadSummary> uploads = list.uploads() == null ? List.of() : list.uploads();
        if (!uploads.isEmpty()) {
            out().printf("%-40s %-36s %-9s %8s %14s %14s  %s%n",
                    "FILE", "UPLOAD-ID", "STATE", "CHUNKS", "BYTES", "SIZE", "LAST-ACTIVITY");
        }
        for (UploadSummary u : uploads) {
            out().printf("%-40s %-36s %-9s %8d %14d %14s  %s%n", u.filename(),
                    u.uploadId() == null ? "-" : u.uploadId(), u.state(), u.receivedChunks(), u.receivedBytes(),
                    u.totalSize() == null ? "-" : u.totalSize().toString(),
                    u.lastActivity() == null ? "-" : u.lastActivity().toString());
        }
        return ExitCodes.OK;
    }
}
