package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.UploadListener;
import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.protocol.UploadList;
import io.indexedcp.protocol.UploadSummary;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the buffered files: chunks left/total, bytes left, server, name. Prints nothing when the buffer is empty.",
            "With --server, list the uploads that server holds instead (protocol v2, GET /uploads; an admin's holds every principal's, with an OWNER column): "
                + "name, upload id, then state, chunks and bytes received and last activity "
                + "(a plain upload, from a client without upload ids, shows as 'plain')."},
        footer = ExitCodes.FOOTER)
final class LsCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL",
            description = "List this server's uploads (e.g. http://host:8080/) instead of the buffer.")
    String server;

    @Mixin
    BufferOptions buffer;

    @Mixin
    RequestOptions requests;

    @Mixin
    TlsOptions tls;

    @Override
    void configure(IndexedCpClient.Builder builder) {
        buffer.applyTo(builder);
        requests.applyTo(builder);
        tls.applyTo(builder, root.environment);
    }

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
        // An admin's listing holds several principals' uploads: then each line says whose.
        boolean owners = uploads.stream().map(UploadSummary::owner).distinct().count() > 1;
        if (!uploads.isEmpty()) {
            out().printf(owners ? "%-16s %-40s %-36s %s%n" : "%s%-40s %-36s %s%n", owners ? "OWNER" : "", "FILE",
                    "UPLOAD-ID", "STATE");
        }
        for (UploadSummary u : uploads) {
            out().printf(owners ? "%-16s %-40s %-36s %s%n" : "%s%-40s %-36s %s%n", owners ? u.owner() : "",
                    u.filename(), u.uploadId() == null ? "-" : u.uploadId(), UploadDescription.describe(u, null));
        }
        return ExitCodes.OK;
    }
}
