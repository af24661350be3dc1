package io.indexedcp.testing;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged WAR in a Payara Micro of its own, as a separate OS process: for the tests that
 * must stop, kill ({@code SIGKILL}) and restart the server, which Arquillian's managed container
 * does not offer. Readiness is the application's own health check, not Payara's "ready" line
 * (Payara stays up when a deployment fails).
 */
public final class PayaraMicroProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path outputDir;
    private final String apiKey;
    private final int port;
    private final Path log;
    private final Map<String, String> extraEnvironment;
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
    private final List<Path> extraDeployments = new ArrayList<>();
    private Process process;

    public PayaraMicroProcess(Path outputDir, String apiKey, Map<String, String> extraEnvironment) throws IOException {
        this.outputDir = outputDir;
        this.apiKey = apiKey;
        this.extraEnvironment = extraEnvironment;
        this.port = freePort();
        Path logs = Path.of(System.getProperty("indexedcp.it.logDir", "target/it-logs"));
        Files.createDirectories(logs);
        this.log = logs.resolve("payara-" + port + "-" + System.currentTimeMillis() + ".log");
    }

    public PayaraMicroProcess(Path outputDir, String apiKey) throws IOException {
        this(outputDir, apiKey, Map.of());
    }

    /** Adds JVM options of the server process (before {@link #start}). */
    public PayaraMicroProcess withJvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Deploys another WAR beside IndexedCP, at the context root its name gives (before {@link #start}). */
    public PayaraMicroProcess withDeployment(Path war) {
        extraDeployments.add(war);
        return this;
    }

    /** Starts the server and returns once the application reports itself ready. */
    public PayaraMicroProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Djava.io.tmpdir=" + tmpDir(),
                "-jar", requiredFile("payara.microJar").toString(),
                "--deploy", requiredFile("indexedcp.war").toString(),
                "--contextroot", "/"));
        for (Path war : extraDeployments) {
            command.addAll(List.of("--deploy", war.toString()));
        }
        command.addAll(List.of(
                "--port", Integer.toString(port),
                "--nohazelcast",
                "--prebootcommandfile", serverConfig("pre-boot-commands.asadmin")));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("INDEXEDCP_OUTPUT_DIR", outputDir.toString());
        builder.environment().put("INDEXEDCP_API_KEY", apiKey);
        builder.environment().putAll(extraEnvironment);
        process = builder.start();
        awaitReady();
        return this;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public URI uploadUri() {
        return baseUri().resolve("upload");
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** A normal shutdown, as an operator would do it. */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("indexedcp")) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        kill();
        throw new IllegalStateException("the application did not become ready within " + START_TIMEOUT + "; see " + log);
    }

    private static Path requiredFile(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " must name a file (run through mvn verify)");
        }
        return Path.of(value);
    }

    /** The same server-config/ files as the development server, so tests run what users run. */
    private static String serverConfig(String file) {
        return Path.of(System.getProperty("indexedcp.serverConfigDir", "server-config"), file).toString();
    }

    private static String tmpDir() {
        return System.getProperty("java.io.tmpdir");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
