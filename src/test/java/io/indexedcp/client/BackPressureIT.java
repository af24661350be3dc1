package io.indexedcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.client.retry.RetryPolicy;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parallel uploads against a server that writes at most two chunks at once: the rest are answered
 * 503 with Retry-After, which the client must wait out and then succeed.
 */
class BackPressureIT {

    private static final int CHUNK = 256 * 1024;

    private static ItServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = ItServer.start(BackPressureIT.class, Map.of("INDEXEDCP_MAX_CONCURRENT_WRITES", "2"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fourFilesFourAtATimeAllArriveAndThe503sAreObeyed() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(Files.write(dir.resolve("busy-" + i + "-" + System.nanoTime() + ".bin"),
                    RawUploads.randomBytes(12 * CHUNK + i, 100 + i)));
        }
        RecordingListener listener = new RecordingListener();

        try (IndexedCpClient client = IndexedCpClient.builder()
                .apiKey(ItServer.API_KEY)
                .chunkSize(CHUNK)
                .parallelism(4)
                .retryPolicy(RetryPolicy.exponential(30, Duration.ofMillis(50)))
                .bufferPath(dir.resolve("buffer.db"))
                .listener(listener)
                .build()) {
            Map<String, String> stored = client.bufferAndUpload(server.uploadUri(), files.toArray(Path[]::new));

            assertEquals(4, stored.size());
            assertEquals(List.of(), client.listBufferedFiles());
        }

        for (Path file : files) {
            assertEquals(Sha256.of(file), Sha256.of(server.stored(file.getFileName().toString())), file.toString());
        }
        List<RetryEvent> busy = listener.retries.stream().filter(r -> r.reason().equals("HTTP 503")).toList();
        assertTrue(!busy.isEmpty(), "some chunks were answered 503: " + listener.retries);
        // Obeyed: each wait is the server's Retry-After (whole seconds), not the policy's 50 ms steps.
        assertTrue(busy.stream().allMatch(r -> r.delay().toMillis() >= 1000 && r.delay().toMillis() % 1000 == 0),
                busy.toString());
        assertEquals(12 + 3 * 13, listener.sent.size(), "every chunk reported once");
    }
}
