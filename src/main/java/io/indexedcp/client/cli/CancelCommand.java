package io.indexedcp.client.cli;

import io.indexedcp.client.Cancellation;
import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.UploadListener;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel files' uploads: delete each one's upload on its server (DELETE /upload), then drop it "
                + "from the buffer.",
            "A server that holds no such upload is fine; a server that cannot be reached or refuses the key leaves "
                + "the file buffered ('indexedcp clear NAME' drops it without asking the server)."},
        footer = ExitCodes.FOOTER)
final class CancelCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", arity = "1..*",
            description = "A buffered file: the name 'indexedcp ls' shows, its path, or its base name.")
    List<String> names;

    @Option(names = "--server", paramLabel = "URL",
            description = "The server of files queued without one (default: $INDEXEDCP_SERVER).")
    String server;

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
        requests.applyTo(builder);
        tls.applyTo(builder, root.environment);
        buffer.applyTo(builder);
        bufferWait.applyTo(builder);
    }

    @Override
    public Integer call() {
        var fallback = server(server);
        try (Progress progress = progress(); IndexedCpClient client = onlineClient(progress)) {
            return eachName(names, name -> describe(client.cancel(name, fallback)));
        }
    }

    private static String describe(Cancellation cancelled) {
        String what = switch (cancelled.server()) {
            case DELETED -> "its upload " + cancelled.file().uploadId() + " deleted on the server";
            case NOT_HELD -> "the server held no upload of it";
            case REFUSED -> "the server refuses its name, so it held no upload of it (" + cancelled.reason() + ")";
            case NOT_ASKED -> cancelled.file().uploadId() == null
                    ? "buffered before upload ids, so nothing was deleted on the server"
                    : "no server known for it, so nothing was deleted on a server";
        };
        return "cancelled " + cancelled.file().clientName() + ": " + what;
    }
}
