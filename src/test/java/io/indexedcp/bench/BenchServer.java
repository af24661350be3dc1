package io.indexedcp.bench;

import io.indexedcp.testing.PayaraMicroProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro for the whole benchmark, started exactly like the tests' servers
 * ({@link PayaraMicroProcess}: same jar, pre-boot commands, heap and context root) plus the discard
 * WAR at {@code /discard} and {@code -XX:+DebugNonSafepoints}, so JFR samples land on the right lines.
 */
final class BenchServer implements AutoCloseable {

    private final PayaraMicroProcess server;

    BenchServer(Path outputDir, String apiKey, Path discardWar, Path logDir) throws IOException {
        System.setProperty("indexedcp.it.logDir", logDir.toString());
        server = new PayaraMicroProcess(outputDir, apiKey, Map.of())
                .withJvmOptions("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints")
                .withDeployment(discardWar);
        // For profiling by hand, e.g. -agentpath:<async-profiler>.so=start,event=wall,file=...
        String extra = System.getProperty("bench.serverJvmOptions", "").trim();
        if (!extra.isEmpty()) {
            server.withJvmOptions(extra.split("\\s+"));
        }
    }

    /** Starts the server; returns once IndexedCP reports itself ready and the discard WAR answers too. */
    BenchServer start() throws IOException, InterruptedException {
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest discard = HttpRequest.newBuilder(baseUri().resolve("discard/")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plusSeconds(120);
        while (http.send(discard, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the discard WAR did not deploy; see " + log());
            }
            Thread.onSpinWait();
        }
        return this;
    }

    URI baseUri() {
        return server.baseUri();
    }

    long pid() {
        return server.pid();
    }

    Path log() {
        return server.log();
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
        server.stop();
    }
}
