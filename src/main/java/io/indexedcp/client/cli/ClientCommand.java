package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.UploadListener;
import io.indexedcp.client.transfer.ServerUrls;
import java.io.PrintWriter;
import java.net.URI;
import io.indexedcp.client.IndexedCpException;
import io.indexedcp.client.buffer.BufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand needs: the environment, and a client built from the options it has. Each
 * command mixes in only the option groups that do something for it (see {@link #configure}), so
 * that its {@code --help} lists nothing it would ignore.
 */
abstract class ClientCommand implements Callable<Integer> {

    static final String SERVER_ENV = "INDEXEDCP_SERVER";

    @Spec
    CommandSpec spec;

    @ParentCommand
    IndexedCpCommand root;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Applies this command's options to the client; the defaults stand for every option it lacks. */
    abstract void configure(IndexedCpClient.Builder builder);

    /** A client for the buffer alone: listing, adding and clearing need no key. */
    IndexedCpClient offlineClient() {
        IndexedCpClient.Builder builder = IndexedCpClient.builder();
        configure(builder);
        return builder.build();
    }

    IndexedCpClient onlineClient(UploadListener listener) {
        String apiKey = ApiKeySource.resolve(root.environment, root.console);
        IndexedCpClient.Builder builder = IndexedCpClient.builder();
        configure(builder);
        return builder.apiKey(apiKey).listener(listener).build();
    }

    Progress progress() {
        return Progress.forConsole(root.console != null, System.err);
    }

    /**
     * {@code --server}, else {@code INDEXEDCP_SERVER}, else null; as the upload URL, whether the user
     * gave that or the server's base URL ({@link ServerUrls}).
     */
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
                    "'" + value + "' is not a server URL such as http://host:8080/ or http://host:8080/upload");
        }
        return ServerUrls.uploadUrl(uri);
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

    /**
     * Runs {@code action} for each name, printing the line it returns; a name that fails is reported
     * on its own line and the others still go. Returns the exit status over all of them.
     */
    int eachName(List<String> names, Function<String, String> action) {
        List<Throwable> failures = new ArrayList<>();
        for (String name : names) {
            try {
                out().println(action.apply(name));
            } catch (IndexedCpException | BufferException e) {
                failures.add(e);
                spec.commandLine().getErr().println("indexedcp: " + e.getMessage());
            }
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.of(failures);
    }

    void printStored(Map<String, String> stored) {
        stored.forEach((clientName, actual) -> out().println(clientName + " -> " + actual));
    }

    private Map<String, String> env() {
        return root.environment;
    }
}
