package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.UploadListener;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand needs: the shared options, the environment, and a client built from them. */
abstract class ClientCommand implements Callable<Integer> {

    static final String SERVER_ENV = "INDEXEDCP_SERVER";

    @Mixin
    ClientOptions options;

    @Spec
    CommandSpec spec;

    @ParentCommand
    IndexedCpCommand root;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A client for the buffer alone: listing, adding and clearing need no key. */
    IndexedCpClient offlineClient() {
        return options.builder(null, UploadListener.NONE).build();
    }

    IndexedCpClient onlineClient(UploadListener listener) {
        String apiKey = ApiKeySource.resolve(root.environment, root.console);
        return options.builder(apiKey, listener).build();
    }

    Progress progress() {
        return Progress.forConsole(root.console != null, System.err);
    }

    /** {@code --server}, else {@code INDEXEDCP_SERVER}, else null. */
    URI server(String option) {
        String value = option != null ? option : env().get(SERVER_ENV);
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + value + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "'" + value + "' is not an upload URL such as http://host:3000/upload");
        }
        return uri;
    }

    URI requiredServer(String option) {
        URI uri = server(option);
        if (uri == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no server: give --server URL or set " + SERVER_ENV);
        }
        return uri;
    }

    /**
     * Runs an upload with a progress display and prints {@code NAME -> STORED-NAME} per file sent;
     * if it fails, the files that did go through are printed before the failure is reported.
     */
    void upload(Function<IndexedCpClient, Map<String, String>> work) {
        StoredFiles done = null;
        Map<String, String> stored;
        try (Progress progress = progress()) {
            done = new StoredFiles(progress);
            try (IndexedCpClient client = onlineClient(done)) {
                stored = work.apply(client);
            }
        } catch (RuntimeException e) {
            if (done != null) {
                printStored(done.stored());
            }
            throw e;
        }
        printStored(stored);
    }

    void printStored(Map<String, String> stored) {
        stored.forEach((clientName, actual) -> out().println(clientName + " -> " + actual));
    }

    private Map<String, String> env() {
        return root.environment;
    }
}
