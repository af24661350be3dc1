package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.UploadRejectedException;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.protocol.UploadSummary;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Ask the server about the newest upload of a file name, complete or not:",
            "'NAME: STATE — N chunks[: i, j, …], B bytes, last chunk at T (upload id ID)', STATE being plain, receiving, "
                + "completing, publishing or complete.",
            "With --upload-id, about that upload. Exit status 1 when the server holds no such upload."},
        footer = ExitCodes.FOOTER)
final class StatusCommand extends ClientCommand {

    @Option(names = "--server", paramLabel = "URL", description = "The server, e.g. http://host:8080/ (default: $INDEXEDCP_SERVER).")
    String server;

    @Option(names = "--upload-id", paramLabel = "ID", description = "The upload id to ask about (protocol v2).")
    String uploadId;

    @Parameters(paramLabel = "NAME", description = "The file name (a path is reduced to its base name).")
    String name;

    @Mixin
    RequestOptions requests;

    @Mixin
    TlsOptions tls;

    @Override
    void configure(IndexedCpClient.Builder builder) {
        requests.applyTo(builder);
        tls.applyTo(builder, root.environment);
    }

    @Override
    public Integer call() {
        URI url = requiredServer(server);
        try (Progress progress = progress(); IndexedCpClient client = onlineClient(progress)) {
            // Asked first with the id: a malformed one is refused by the server, with its reason.
            UploadStatus byId = uploadId == null ? null : client.status(name, uploadId, url);
            Optional<List<UploadSummary>> listed = uploadsOf(client, url);
            if (listed.isEmpty()) {
                // An old server without the listing: its plain status is all there is to say.
                UploadStatus status = byId != null ? byId : client.status(name, null, url);
                out().println(status.filename() + ": " + Counts.of(status.receivedChunks().size(), "chunk")
                        + indexes(status.receivedChunks()) + (Boolean.TRUE.equals(status.complete()) ? " (complete)" : ""));
                return ExitCodes.OK;
            }
            Optional<UploadSummary> upload = listed.get().stream()
                    .filter(u -> uploadId == null || uploadId.equals(u.uploadId()))
                    .findFirst();
            if (upload.isEmpty()) {
                spec.commandLine().getErr().println("indexedcp: " + name + ": the server holds no upload "
                        + (uploadId == null ? "of this name" : "with id " + uploadId + " of this name"));
                return ExitCodes.FAILED;
            }
            UploadSummary u = upload.get();
            List<Integer> chunks = "complete".equals(u.state()) ? null
                    : client.status(name, u.uploadId(), url).receivedChunks();
            out().println(u.filename() + ": " + UploadDescription.describe(u, chunks)
                    + (u.uploadId() == null ? "" : " (upload id " + u.uploadId() + ")"));
            return ExitCodes.OK;
        }
    }

    /** The server's uploads of this name, newest first; empty when the server has no listing (404). */
    private Optional<List<UploadSummary>> uploadsOf(IndexedCpClient client, URI url) {
        try {
            return Optional.of(client.serverUploads(url, name));
        } catch (UploadRejectedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String indexes(List<Integer> chunks) {
        return chunks.isEmpty() ? "" : ": " + chunks.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
