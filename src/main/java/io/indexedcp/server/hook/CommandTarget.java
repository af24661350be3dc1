package io.indexedcp.server.hook;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command run by {@code /bin/sh -c} with the JSON on standard input and the published file's path in
 * {@code INDEXEDCP_FILE}; exit status 0 is a delivery. Its output goes to the server's own standard
 * output and error (the server log under Payara Micro), where an operator looks for a failing script's
 * messages. A command still running after the timeout is killed, and that attempt counts as failed.
 */
final class CommandTarget implements HookTarget {

    static final String FILE_VARIABLE = "INDEXEDCP_FILE";

    private final String command;

    CommandTarget(String command) {
        this.command = command;
    }

    @Override
    public Optional<String> deliver(String payload, Duration timeout) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(FILE_VARIABLE, pathOf(payload));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return Optional.of("cannot start: " + e.getMessage());
        }
        try {
            try (OutputStream input = process.getOutputStream()) {
                input.write(payload.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A command that does not read its input closes the pipe; its exit status decides.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of("still running after " + timeout.toSeconds() + " s, killed");
            }
            int status = process.exitValue();
            return status == 0 ? Optional.empty() : Optional.of("exit status " + status);
        } finally {
            process.destroyForcibly(); // no-op once it has exited; never leave one behind on an interrupt
        }
    }

    private static String pathOf(String payload) {
        try (var reader = Json.createReader(new StringReader(payload))) {
            JsonObject json = reader.readObject();
            return json.getString("path", "");
        }
    }

    @Override
    public String describe() {
        return "given to the command " + command;
    }
}
