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
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

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
    private Path rootDir;
    private Process process;
    private HttpsLaunch https;
    private SSLContext httpsTrust;

    public PayaraMicroProcess(Path outputDir, String apiKey, Map<String, String> extraEnvironment) throws IOException {
        this.outputDir = outputDir;
        this.apiKey = apiKey;
        this.extraEnvironment = extraEnvironment;
        this.port = freePort();
        Path logs = Path.of(System.getProperty("indexedcp.it.logDir", "target/it-logs"));
        Files.createDirectories(logs);
        this.log = logs.resolve("payara-" + port + "-" + System.currentTimeMillis() + ".log");
        this.rootDir = defaultRootDir(outputDir);
    }

    public PayaraMicroProcess(Path outputDir, String apiKey) throws IOException {
        this(outputDir, apiKey, Map.of());
    }

    /** Adds JVM options of the server process (before {@link #start}). */
    public PayaraMicroProcess withJvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /**
     * Serves HTTPS as an operator would turn it on ({@link HttpsLaunch}, before {@link #start}); readiness is
     * then checked over HTTPS, trusting what {@code trust} trusts, since plain HTTP may be off or redirected.
     */
    public PayaraMicroProcess withHttps(HttpsLaunch settings, SSLContext trust) {
        this.https = settings;
        this.httpsTrust = trust;
        return this;
    }

    /** {@code https://127.0.0.1:<HTTPS port>/}; only with {@link #withHttps}. */
    public URI httpsBaseUri() {
        if (https == null) {
            throw new IllegalStateException("no HTTPS: see withHttps");
        }
        return URI.create("https://127.0.0.1:" + https.port() + "/");
    }

    /** Deploys another WAR beside IndexedCP, at the context root its name gives (before {@link #start}). */
    public PayaraMicroProcess withDeployment(Path war) {
        extraDeployments.add(war);
        return this;
    }

    /**
     * Payara's runtime directory (before {@link #start}); by default
     * {@code <output dir>.payara-root} beside the output directory, which must then not be the
     * root of a file system the test fills (put it elsewhere with this).
     */
    public PayaraMicroProcess withRootDir(Path dir) {
        rootDir = dir.toAbsolutePath();
        return this;
    }

    public Path rootDir() {
        return rootDir;
    }

    /** The runtime directory a server on this output directory uses unless told otherwise. */
    public static Path defaultRootDir(Path outputDir) {
        Path absolute = outputDir.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".payara-root");
    }

    /**
     * Payara Micro runtime folders ({@code payaramicro-rt*}, what it makes without {@code --rootdir})
     * directly in a directory: what a crashed server without a fixed root dir leaves behind.
     */
    public static List<Path> unpackedRuntimeFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith("payaramicro-rt"))
                    .sorted()
                    .toList();
        }
    }

    /** Starts the server and returns once the application reports itself ready. */
    public PayaraMicroProcess start() throws IOException, InterruptedException {
        launch();
        awaitReady();
        return this;
    }

    /**
     * Starts the server process without waiting for readiness: for a test that expects the
     * application to come up not ready (e.g. on a full disk). Follow with {@link #awaitHealthAnswer}.
     */
    public PayaraMicroProcess launch() throws IOException {
        forgetPreviousDeployments();
        Path serverTmp = rootDir.resolve("tmp");
        Files.createDirectories(serverTmp);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Djava.io.tmpdir=" + serverTmp,
                "-jar", requiredFile("payara.microJar").toString(),
                "--rootdir", rootDir.toString(),
                "--deploy", requiredFile("indexedcp.war").toString(),
                "--contextroot", "/"));
        for (Path war : extraDeployments) {
            command.addAll(List.of("--deploy", war.toString()));
        }
        command.addAll(List.of(
                "--port", Integer.toString(port),
                "--nohazelcast",
                "--prebootcommandfile", serverConfig("pre-boot-commands.asadmin"),
                "--systemproperties", serverConfig("system.properties")));
        if (https != null) {
            command = https.addTo(command);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("INDEXEDCP_OUTPUT_DIR", outputDir.toString());
        if (apiKey == null) {
            builder.environment().remove("INDEXEDCP_API_KEY"); // the server's own key; not the one failsafe passes on
        } else {
            builder.environment().put("INDEXEDCP_API_KEY", apiKey);
        }
        builder.environment().putAll(extraEnvironment);
        process = builder.start();
        return this;
    }

    /**
     * A reused root dir keeps the last run's domain.xml, which lists the applications deployed then,
     * and their exploded copies: Payara would deploy those first (old code, running its start-up
     * recovery on our output directory) and only then replace them with {@code --deploy}. The
     * unpacked runtime ({@code runtime/}, the bulk) is kept. The server's temporary files (SQLite's
     * native library, extracted at each start and never deleted after a kill) go too, and the key store
     * (an HTTPS start leaves the operator's there, which a start without HTTPS could not open).
     */
    private void forgetPreviousDeployments() throws IOException {
        for (String stale : List.of("applications", "generated", "tmp", "config/domain.xml", "config/domain.xml.bak",
                "config/keystore.p12")) {
            deleteRecursively(rootDir.resolve(stale));
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Waits until the application itself answers {@code GET /health/ready} (UP or DOWN, as long as
     * it is IndexedCP's own check answering) and returns that status code: 200 or 503.
     */
    public int awaitHealthAnswer(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = probeClient();
        HttpRequest health = HttpRequest.newBuilder(probeBase().resolve("health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if ((answer.statusCode() == 200 || answer.statusCode() == 503) && started(http, answer)) {
                    return answer.statusCode();
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the application did not answer its health check within " + timeout
                + "; see " + log);
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

    /** {@code kill -9}: no shutdown hook, no flush, nothing. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Payara Micro (pid " + process.pid() + ") did not die within 60 s of SIGKILL");
        }
    }

    /**
     * A normal shutdown, as an operator would do it; then the root dir goes, as Payara's own
     * temporary runtime folder did after a normal shutdown (170 MB per test add up). Also on a
     * killed process: the end of this server, with no restart to reuse the folder.
     */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
        try {
            deleteRecursively(rootDir);
        } catch (IOException e) {
            System.err.println("could not remove the Payara root dir " + rootDir + ": " + e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * Whether the application has finished its start-up (recovery included) and routes requests:
     * Payara answers health checks while it is still deploying, and for a moment after the
     * application's start-up its own routes still fail. A status request without the key must get
     * the application's JSON 401.
     */
    private boolean started(HttpClient http, HttpResponse<String> health) throws IOException, InterruptedException {
        if (!health.body().contains("\"indexedcp-started\",\"status\":\"UP\"")) {
            return false;
        }
        HttpResponse<String> probe = http.send(HttpRequest.newBuilder(probeBase().resolve("upload/status?filename=probe"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return probe.statusCode() == 401 && probe.body().startsWith("{\"error\"");
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = probeClient();
        HttpRequest health = HttpRequest.newBuilder(probeBase().resolve("health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && started(http, answer)) {
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

    /** Where readiness is asked: over HTTPS when it is on, for plain HTTP may be off or redirected. */
    private URI probeBase() {
        return https != null ? httpsBaseUri() : baseUri();
    }

    private HttpClient probeClient() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (httpsTrust != null) {
            builder.sslContext(httpsTrust);
        }
        return builder.build();
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
