package io.indexedcp.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged {@code indexedcp} jar run as users run it: {@code java -jar}, its own process, its
 * own environment, no terminal. Output goes to files, so a chatty process can never block on a pipe.
 */
final class CliProcess {

    record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path workDir;
    private final Map<String, String> environment;
    private final String maxHeap;

    CliProcess(Path workDir, Map<String, String> environment) {
        this(workDir, environment, "96m");
    }

    private CliProcess(Path workDir, Map<String, String> environment, String maxHeap) {
        this.workDir = workDir;
        this.environment = environment;
        this.maxHeap = maxHeap;
    }

    /** The same command with another {@code -Xmx}, to show that memory does not grow with the file. */
    CliProcess withMaxHeap(String maxHeap) {
        return new CliProcess(workDir, environment, maxHeap);
    }

    static Path jar() {
        String value = System.getProperty("indexedcp.cliJar");
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("system property indexedcp.cliJar must name the CLI jar (run through mvn verify)");
        }
        return Path.of(value);
    }

    /** Starts the command; the caller waits for it, or kills it. */
    Started start(String... args) throws IOException {
        int run = RUNS.incrementAndGet();
        Path out = workDir.resolve("cli-" + run + ".out");
        Path err = workDir.resolve("cli-" + run + ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
                "-XX:+ExitOnOutOfMemoryError", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("INDEXEDCP_") || k.startsWith("INDEXCP_"));
        builder.environment().putAll(environment);
        return new Started(builder.start(), out, err);
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).await();
    }

    record Started(Process process, Path out, Path err) {
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish within 180 s; stderr: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        /** {@code kill -9}: no shutdown hook, no clean close of the buffer. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
