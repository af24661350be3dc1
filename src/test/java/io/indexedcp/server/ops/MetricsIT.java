package io.indexedcp.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a real Payara Micro with the packaged WAR: it wants the API key (no
 * {@code INDEXEDCP_METRICS_PUBLIC}), and its counters move by exactly what was sent. The completion
 * events are seen through the WAR's own observer, {@code EventLog}, one log line per event.
 * Unfinished uploads expire after 4 s here, checked every second.
 */
class MetricsIT {

    private static final String KEY = "metrics-key";

    private static PayaraMicroProcess server;
    private static RawUploads client;
    private static Path outputDir;
    private static HookReceiver hook;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("metrics-it");
        Files.createDirectories(root);
        outputDir = Files.createTempDirectory(root, "uploads-");
        hook = new HookReceiver("hooked.bin", 2);
        server = new PayaraMicroProcess(outputDir, KEY, Map.of(
                "INDEXEDCP_EXPIRE_AFTER", "PT4S",
                "INDEXEDCP_EXPIRY_INTERVAL", "PT1S",
                "INDEXEDCP_ON_COMPLETE", hook.url())).start();
        client = new RawUploads(server.baseUri(), KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (hook != null) {
            hook.close();
        }
    }

    @Test
    void metricsWantTheKey() throws Exception {
        for (String path : List.of("metrics", "metrics?scope=application", "metrics/application")) {
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET());
            assertEquals(401, none.statusCode(), path);
            assertEquals("{\"error\":\"Invalid or missing API key\"}", none.body());
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                    .header("Authorization", "Bearer not-the-key").GET());
            assertEquals(401, wrong.statusCode(), path);
            HttpResponse<String> options = client.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals(401, options.statusCode(), path);
        }
        HttpResponse<String> withKey = client.get("metrics");
        assertEquals(200, withKey.statusCode());
        assertTrue(withKey.body().contains("indexedcp_chunks_received_total{mp_scope=\"application\"}"),
                withKey.body());
    }

    @Test
    void countersMoveByExactlyWhatWasSent() throws Exception {
        String uploadId = UUID.randomUUID().toString();
        byte[] file = RawUploads.randomBytes(3 * 1000 + 500, 15);
        List<byte[]> chunks = RawUploads.chunks(file, 1000); // 1000, 1000, 1000, 500 bytes
        Scrape before = scrape();

        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(200, chunk("counted.bin", uploadId, i, chunks.get(i)).statusCode());
        }
        HttpResponse<String> again = chunk("counted.bin", uploadId, 2, chunks.get(2));
        assertTrue(again.body().contains("\"alreadyReceived\":true"), again.body());
        HttpResponse<String> badIndex = client.send(HttpRequest.newBuilder(server.uploadUri())
                .header("Authorization", "Bearer " + KEY).header("X-File-Name", "counted.bin")
                .header("X-Chunk-Index", "-1").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(400, badIndex.statusCode());
        assertEquals(200, client.status("counted.bin", uploadId).statusCode());
        Scrape midway = scrape();
        assertEquals(200, client.complete("counted.bin", uploadId, 4, file.length, Sha256.of(file)).statusCode());
        Scrape after = scrape();

        assertEquals(4, after.app("indexedcp_chunks_received_total") - before.app("indexedcp_chunks_received_total"));
        assertEquals(file.length, after.app("indexedcp_received_bytes_total")
                - before.app("indexedcp_received_bytes_total"));
        assertEquals(1, after.app("indexedcp_chunks_duplicate_total") - before.app("indexedcp_chunks_duplicate_total"));
        assertEquals(1, after.app("indexedcp_requests_refused_total", "reason", "invalid_chunk_index")
                - before.app("indexedcp_requests_refused_total", "reason", "invalid_chunk_index"));
        assertEquals(1, after.app("indexedcp_uploads_started_total") - before.app("indexedcp_uploads_started_total"));
        assertEquals(1, after.app("indexedcp_uploads_completed_total")
                - before.app("indexedcp_uploads_completed_total"));
        // Sent one after another, each chunk (the duplicate too) is a group commit of its own.
        assertEquals(5, after.app("indexedcp_commit_batch_size_count") - before.app("indexedcp_commit_batch_size_count"));
        assertEquals(5, after.app("indexedcp_commit_batch_size_sum") - before.app("indexedcp_commit_batch_size_sum"));
        assertEquals(5, after.app("indexedcp_commit_duration_seconds_count")
                - before.app("indexedcp_commit_duration_seconds_count"));
        assertEquals(1, after.app("indexedcp_status_duration_seconds_count")
                - before.app("indexedcp_status_duration_seconds_count"));
        assertEquals(1, midway.app("indexedcp_uploads_in_progress") - before.app("indexedcp_uploads_in_progress"));
        assertEquals(0, after.app("indexedcp_uploads_in_progress") - before.app("indexedcp_uploads_in_progress"));
        assertTrue(after.app("indexedcp_output_free_bytes") > 0);
        assertTrue(after.has("indexedcp_staging_bytes"));
        assertTrue(after.app("indexedcp_expiry_runs_total") >= 1, "the expiry job runs every second");

        List<String> completed = await(lines -> lines.stream().anyMatch(l -> l.contains("upload completed: name=counted.bin")),
                "upload completed: name=counted.bin");
        assertEquals(List.of("upload completed: name=counted.bin uploadId=" + uploadId + " size=" + file.length
                + " sha256=" + Sha256.of(file) + " path=" + outputDir.resolve("counted.bin").toAbsolutePath().normalize()),
                completed);
        // A completion asked again finds it complete: no second event.
        assertEquals(200, client.complete("counted.bin", uploadId, 4, file.length, Sha256.of(file)).statusCode());
        assertEquals(1, eventLines("upload completed: name=counted.bin").size());
        assertEquals(1, scrape().app("indexedcp_uploads_completed_total") - before.app("indexedcp_uploads_completed_total"));
    }

    @Test
    void waitingChunksShowInStagingAndACancelIsCountedAndTold() throws Exception {
        String uploadId = UUID.randomUUID().toString();
        Scrape before = scrape();
        // Chunk 1 without chunk 0: it waits in staging.
        assertEquals(200, chunk("cancelled.bin", uploadId, 1, new byte[700]).statusCode());
        Scrape waiting = scrape();
        assertEquals(700, waiting.app("indexedcp_staging_bytes") - before.app("indexedcp_staging_bytes"));
        assertEquals(200, client.cancel("cancelled.bin", uploadId).statusCode());
        Scrape after = scrape();
        assertEquals(1, after.app("indexedcp_uploads_cancelled_total") - before.app("indexedcp_uploads_cancelled_total"));
        assertEquals(0, after.app("indexedcp_staging_bytes") - before.app("indexedcp_staging_bytes"));
        await(lines -> lines.size() == 1, "upload cancelled: name=cancelled.bin");
        assertEquals(List.of("upload cancelled: name=cancelled.bin uploadId=" + uploadId + " size=0 sha256=null path="
                + outputDir.resolve("cancelled.bin").toAbsolutePath().normalize()),
                eventLines("upload cancelled: name=cancelled.bin"));
    }

    @Test
    void anIdleUploadExpiresOnceWithItsEvent() throws Exception {
        String uploadId = UUID.randomUUID().toString();
        Scrape before = scrape();
        assertEquals(200, chunk("idle.bin", uploadId, 0, new byte[300]).statusCode());
        await(lines -> lines.size() == 1, "upload expired: name=idle.bin");
        assertEquals(List.of("upload expired: name=idle.bin uploadId=" + uploadId + " size=300 sha256=null path="
                + outputDir.resolve("idle.bin").toAbsolutePath().normalize()), eventLines("upload expired: name=idle.bin"));
        assertEquals(1, scrape().app("indexedcp_uploads_expired_total") - before.app("indexedcp_uploads_expired_total"));
    }

    @Test
    void theHookGetsThePostAlthoughItFailedTheFirstTwoTimes() throws Exception {
        String uploadId = UUID.randomUUID().toString();
        byte[] file = RawUploads.randomBytes(1234, 16);
        assertEquals(200, chunk("hooked.bin", uploadId, 0, file).statusCode());
        assertEquals(200, client.complete("hooked.bin", uploadId, 1, file.length, Sha256.of(file)).statusCode());

        List<String> posts = hook.awaitPosts("hooked.bin", 3, Duration.ofSeconds(60));
        String expected = "{\"event\":\"completed\",\"name\":\"hooked.bin\",\"uploadId\":\"" + uploadId
                + "\",\"principal\":\"default\",\"size\":1234,\"sha256\":\"" + Sha256.of(file) + "\",\"path\":\""
                + outputDir.resolve("hooked.bin").toAbsolutePath().normalize() + "\"}";
        assertEquals(List.of(expected, expected, expected), posts, "two refused, the third accepted");
        await(lines -> lines.size() == 2, "Completion hook (posted to " + hook.url() + ") failed (HTTP 503)");
    }

    private static HttpResponse<String> chunk(String name, String uploadId, int index, byte[] body) throws Exception {
        return client.sendChunk(name, uploadId, index, body, RawUploads.digestOf(body));
    }

    private static Scrape scrape() throws Exception {
        HttpResponse<String> answer = client.get("metrics?scope=application");
        assertEquals(200, answer.statusCode(), answer.body());
        return new Scrape(answer.body());
    }

    /** The text after the logger's marker of every event line starting so, in the order logged. */
    private static List<String> eventLines(String start) throws Exception {
        return Files.readAllLines(server.log()).stream()
                .map(line -> line.indexOf(start) < 0 ? null : line.substring(line.indexOf(start)))
                .filter(line -> line != null)
                .map(line -> line.replaceAll("\\s*\\]\\]\\s*$", "").strip())
                .toList();
    }

    /** Bounded wait for the server log to satisfy the condition: the expiry job runs on its own, the log is a pipe. */
    private static List<String> await(Predicate<List<String>> condition, String start) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> lines = eventLines(start);
        while (!condition.test(lines)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not logged in 30 s: " + start + "; seen " + lines);
            }
            Thread.sleep(100);
            lines = eventLines(start);
        }
        return lines;
    }
}
