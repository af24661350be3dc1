package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server configured to be easily overloaded and quick to expire: one chunk write at a time,
 * unfinished uploads expire after 3 s. Overload answers 503 with Retry-After and loses nothing;
 * expiry removes partial uploads, and completed ones keep only their summary row.
 */
class OverloadAndExpiryIT {

    private static final String KEY = "overload-key";
    private static final int CHUNK = 512 * 1024;

    private static Path outputDir;
    private static PayaraMicroProcess server;
    private static RawUploads client;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("overload-it");
        Files.createDirectories(root);
        outputDir = Files.createTempDirectory(root, "uploads-");
        server = new PayaraMicroProcess(outputDir, KEY, Map.of(
                "INDEXEDCP_MAX_CONCURRENT_WRITES", "1",
                "INDEXEDCP_EXPIRE_AFTER", "PT3S",
                "INDEXEDCP_EXPIRY_INTERVAL", "PT1S")).start();
        client = new RawUploads(server.baseUri(), KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void overloadIsAnswered503WithRetryAfterAndEveryChunkArrivesWhenRetried() throws Exception {
        byte[] file = RawUploads.randomBytes(16 * CHUNK, 8);
        List<byte[]> chunks = RawUploads.chunks(file, CHUNK);
        AtomicInteger busy = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                int index = i;
                results.add(pool.submit((Callable<Integer>) () -> {
                    while (true) {
                        HttpResponse<String> answer = client.sendChunk("busy.bin", index, chunks.get(index));
                        if (answer.statusCode() != 503) {
                            return answer.statusCode();
                        }
                        busy.incrementAndGet();
                        assertEquals("1", answer.headers().firstValue("Retry-After").orElse(null));
                        assertTrue(answer.body().startsWith("{\"error\":\"Server busy"), answer.body());
                        // Obey Retry-After, scaled down: the test is about the protocol, not about waiting.
                        Thread.sleep(50);
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(200, result.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(busy.get() > 0, "eight senders against one write slot must meet 503 at least once");
        assertEquals(Sha256.of(file), Sha256.of(outputDir.resolve("busy.bin")));
    }

    @Test
    void unfinishedUploadsExpireAndCompletedOnesKeepOnlyTheirSummary() throws Exception {
        byte[] file = RawUploads.randomBytes(3 * CHUNK, 9);
        List<byte[]> chunks = RawUploads.chunks(file, CHUNK);
        // An abandoned v2 upload: two chunks, one of them waiting in staging for the missing chunk 1.
        for (int index : List.of(0, 2)) {
            assertEquals(200, client.sendChunk("abandoned.bin", "gone", index, chunks.get(index),
                    RawUploads.digestOf(chunks.get(index))).statusCode());
        }
        // A completed one.
        for (int index = 0; index < 3; index++) {
            assertEquals(200, client.sendChunk("kept.bin", "done", index, chunks.get(index),
                    RawUploads.digestOf(chunks.get(index))).statusCode());
        }
        assertEquals(200, client.complete("kept.bin", "done", 3, file.length, Sha256.of(file)).statusCode());
        assertTrue(stagedFiles() > 0);

        // Expiry forgets the rows first, then deletes the files (never a row naming a missing file): wait for both.
        Instant deadline = Instant.now().plusSeconds(60);
        while ((client.status("abandoned.bin", "gone").body().contains("[0,2]") || stagedFiles() > 0)
                && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(50_000_000L); // poll every 50 ms until the deadline
        }
        assertEquals("{\"filename\":\"abandoned.bin\",\"receivedChunks\":[],\"uploadId\":\"gone\",\"complete\":false}",
                client.status("abandoned.bin", "gone").body());
        assertEquals(0, stagedFiles(), "partial bytes of the expired upload are gone");
        assertFalse(client.get("uploads").body().contains("abandoned.bin"));
        assertTrue(client.status("kept.bin", "done").body().contains("\"complete\":true"));
        assertEquals(Sha256.of(file), Sha256.of(outputDir.resolve("kept.bin")));
    }

    private static long stagedFiles() throws Exception {
        try (Stream<Path> files = Files.list(outputDir.resolve(".indexcp-staging"))) {
            return files.count();
        }
    }
}
