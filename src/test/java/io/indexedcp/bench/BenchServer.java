package io.indexedcp.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro for the whole benchmark, started exactly like
 * {@code io.indexedcp.testing.PayaraMicroProcess} (same jar, same pre-boot commands, same
 * {@code -Xmx512m}, {@code --contextroot /}) plus a second deployment, the discard WAR at
 * {@code /discard}, and {@code -XX:+DebugNonSafepoints} so JFR samples land on the right lines.
 * A copy rather than a change to the shared test class, which takes one WAR only.
 */
final class BenchServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final Path outputDir;
    private final String apiKey;
    private final Path discardWar;
    private final int port;
    private final Path log;
    private Process process;

    BenchServer(Path outputDir, String apiKey, Path discardWar, Path logDir) throws IOException {
        this.outputDir = outputDir;
        this.apiKey = apiKey;
        this.discardWar = discardWar;
        this.port = freePort();
        Files.createDirectories(logDir);
        this.log = logDir.resolve("payara-bench-" + port + ".log");
    }

    BenchServer start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar", requiredFile("payara.microJar").toString(),
                "--deploy", requiredFile("indexedcp.war").toString(),
                "--contextroot", "/",
                "--deploy", discardWar.toString(),
                "--port", Integer.toString(port),
                "--nohazelcast",
                "--prebootcommandfile",
                Path.of(System.getProperty("indexedcp.serverConfigDir", "server-config"), "pre-boot-commands.asadmin")
                        .toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("INDEXEDCP_OUTPUT_DIR", outputDir.toString());
        builder.environment().put("INDEXEDCP_API_KEY", apiKey);
        process = builder.start();
        awaitReady();
        return this;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** {@code jcmd <pid> args...}, with the JDK the benchmark runs on (the server's JDK). */
    String jcmd(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(pid()));
        command.addAll(List.of(args));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        HttpRequest discard = HttpRequest.newBuilder(baseUri().resolve("discard/")).timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("indexedcp")) {
                    HttpResponse<String> d = http.send(discard, HttpResponse.BodyHandlers.ofString());
                    if (d.statusCode() == 200) {
                        return;
                    }
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        close();
        throw new IllegalStateException("not ready within " + START_TIMEOUT + "; see " + log);
    }

    private static Path requiredFile(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " must name a file (run bench/run)");
        }
        return Path.of(value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
