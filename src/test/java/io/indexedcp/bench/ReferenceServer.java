package io.indexedcp.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python reference server ({@code bench/reference_server.py}, python3 standard library only) as
 * a process beside the benchmark's Payara Micro: its own free port on 127.0.0.1, its own output
 * directory, the benchmark's API key. With {@code fsync} false it does not sync the file, as the
 * Python original does not.
 */
final class ReferenceServer implements AutoCloseable {

    static final Path SCRIPT = Path.of("bench/reference_server.py");

    private final Process process;
    private final Path outputDir;
    private final URI base;
    private final Path log;

    private ReferenceServer(Process process, Path outputDir, URI base, Path log) {
        this.process = process;
        this.outputDir = outputDir;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts the server on an empty {@code outputDir} (one left by an earlier run is removed: its
     * database would answer this run's names "already received") and returns once its status
     * endpoint answers 200.
     */
    static ReferenceServer start(Path outputDir, String apiKey, boolean fsync, Path logDir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Benchmark.deleteTree(outputDir);
        Files.createDirectories(outputDir);
        Files.createDirectories(logDir);
        Path log = logDir.resolve("reference-server-" + port + ".log");
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), "--port", Integer.toString(port),
                "--output-dir", outputDir.toString(), "--api-key", apiKey));
        if (!fsync) {
            command.add("--no-fsync");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ReferenceServer server = new ReferenceServer(process, outputDir, URI.create("http://127.0.0.1:" + port + "/"), log);
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try (RawHttp http = new RawHttp(server.base)) {
                if (http.get("/upload/status?filename=ready", "Authorization: Bearer " + apiKey + "\r\n").status() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                server.close();
                throw new IllegalStateException("the reference server did not start; see " + log);
            }
            Thread.sleep(100);
        }
    }

    URI baseUri() {
        return base;
    }

    Path outputDir() {
        return outputDir;
    }

    /** Removes an uploaded file (the reference server has no cancel; its rows stay, names are never reused). */
    void remove(String name) throws IOException {
        Files.deleteIfExists(outputDir.resolve(name));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Benchmark.log("reference server stopped; its log: " + log);
    }
}
