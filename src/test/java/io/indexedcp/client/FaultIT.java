package io.indexedcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.client.FaultyProxy.Answer;
import io.indexedcp.client.FaultyProxy.DelayAnswer;
import io.indexedcp.client.FaultyProxy.DropMidBody;
import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.client.retry.RetryPolicy;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library through {@link FaultyProxy} to the real server: cut connections, 503 with
 * Retry-After, slow answers, an old server without status, refusals. Every upload must still end
 * byte-identical, and the retries must be exactly the ones the policy allows. One chunk at a time
 * (parallelism 1), so that the queued faults meet the chunks in a known order.
 */
class FaultIT {

    private static final int CHUNK = 32 * 1024;
    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static ItServer server;

    @TempDir
    Path dir;

    private FaultyProxy proxy;
    private RecordingListener listener;

    @BeforeAll
    static void startServer() throws Exception {
        server = ItServer.start(FaultIT.class);
        // A cold server answers its first requests slowly; warm it so that only the proxy's delays cause time-outs.
        RawUploads raw = new RawUploads(server.baseUri(), ItServer.API_KEY);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, raw.status("warm-up").statusCode());
            assertEquals(200, raw.sendChunk("warm-up-" + i, 0, new byte[CHUNK]).statusCode());
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new FaultyProxy(server.port());
        listener = new RecordingListener();
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    private Path source(String label, int size) throws Exception {
        Path file = dir.resolve(label + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() + ".bin");
        Files.write(file, RawUploads.randomBytes(size, size * 31L + 7));
        return file;
    }

    private IndexedCpClient client() {
        return client(Duration.ofSeconds(30));
    }

    private IndexedCpClient client(Duration readTimeout) {
        return IndexedCpClient.builder()
                .apiKey(ItServer.API_KEY)
                .chunkSize(CHUNK)
                .retryPolicy(RetryPolicy.exponential(3, INITIAL))
                .parallelism(1)
                .readTimeout(readTimeout)
                .bufferPath(dir.resolve("buffer.db"))
                .listener(listener)
                .build();
    }

    private record Retry(int chunk, int retry, long delayMillis) {
    }

    private List<Retry> retries() {
        return listener.retries.stream().map(r -> new Retry(r.chunkIndex(), r.retry(), r.delay().toMillis())).toList();
    }

    private void assertStoredIdentical(Path file) throws Exception {
        assertEquals(Sha256.of(file), Sha256.of(server.stored(file.getFileName().toString())));
    }

    @Test
    void cutConnectionRetryAfterAndTimeoutAreRetriedAsThePolicySays() throws Exception {
        Path file = source("faults", 4 * CHUNK - 100);
        proxy.onGet(new Answer(503, null));
        proxy.onPost(new DropMidBody(), new Answer(503, "1"), new DelayAnswer(Duration.ofSeconds(5)));

        try (IndexedCpClient client = client(Duration.ofMillis(2000))) {
            client.bufferAndUpload(proxy.uploadUri(), file);
            assertEquals(List.of(), client.listBufferedFiles());
        }

        assertStoredIdentical(file);
        assertEquals(List.of(
                new Retry(RetryEvent.STATUS_REQUEST, 1, 100), // 503 without Retry-After: the policy's first delay
                new Retry(0, 1, 100),                         // connection cut mid-body
                new Retry(0, 2, 1000),                        // 503 with Retry-After: 1, a wait the server asked for
                new Retry(0, 3, 200)),                        // read time-out: the policy's second delay, as that wait
                                                              // used up no retry
                retries());
        assertTrue(listener.retries.get(3).reason().contains("timed out"), listener.retries.get(3).reason());
        // The delayed chunk 0 did reach the server; the fourth attempt was answered "already received".
        assertEquals(List.of(0, 0, 1, 2, 3), proxy.chunksAcceptedByServer());
        assertEquals(List.of(0, 1, 2, 3), listener.sentIndexes());
    }

    @Test
    void retriesRunOutThenTheNextRunFinishesFromTheBuffer() throws Exception {
        Path file = source("exhausted", 3 * CHUNK);
        proxy.onPost(new Answer(503, null), new Answer(502, null), new Answer(500, null), new Answer(429, null));

        try (IndexedCpClient client = client()) {
            RetriesExhaustedException e = assertThrows(RetriesExhaustedException.class,
                    () -> client.bufferAndUpload(proxy.uploadUri(), file));
            assertTrue(e.getMessage().contains("chunk 0") && e.getMessage().contains("HTTP 429"), e.getMessage());
            assertEquals(3, client.listBufferedFiles().get(0).remainingChunks(), "every chunk still buffered");
        }
        assertEquals(List.of(new Retry(0, 1, 100), new Retry(0, 2, 200), new Retry(0, 3, 400)), retries());
        assertEquals(4, proxy.chunkPosts().size(), "1 attempt + 3 retries");

        try (IndexedCpClient again = client()) {
            again.uploadBufferedFiles();
            assertEquals(List.of(), again.listBufferedFiles());
        }
        assertStoredIdentical(file);
        assertEquals(List.of(0, 1, 2), proxy.chunksAcceptedByServer());
    }

    @Test
    void anOldServerWithoutStatusGetsEveryChunkAndAlreadyReceivedCountsAsSuccess() throws Exception {
        Path file = source("old-server", 3 * CHUNK + 1);
        List<byte[]> chunks = RawUploads.chunks(Files.readAllBytes(file), CHUNK);
        RawUploads raw = new RawUploads(server.baseUri(), ItServer.API_KEY);
        assertEquals(200, raw.sendChunk(file.toString(), 0, chunks.get(0)).statusCode());
        assertEquals(200, raw.sendChunk(file.toString(), 1, chunks.get(1)).statusCode());
        proxy.onGet(new Answer(404, null));

        try (IndexedCpClient client = client()) {
            client.bufferAndUpload(proxy.uploadUri(), file);
        }

        assertEquals(List.of(0, 1, 2, 3), listener.sentIndexes());
        assertEquals(List.of(), listener.skipped);
        assertEquals(List.of(), listener.retries);
        assertStoredIdentical(file);
    }

    @Test
    void refusalsFailAtOnceWithoutRetries() throws Exception {
        for (int status : new int[] {400, 403, 413}) {
            Path file = source("refused-" + status, 2 * CHUNK);
            proxy.onPost(new Answer(status, "1"));

            try (IndexedCpClient client = client()) {
                IndexedCpException e = assertThrows(IndexedCpException.class,
                        () -> client.bufferAndUpload(proxy.uploadUri(), file));

                int reported = e instanceof AuthenticationFailedException a ? a.status()
                        : ((UploadRejectedException) e).status();
                assertEquals(status, reported);
                assertEquals(List.of(), listener.retries);
                assertTrue(client.listBufferedFiles().stream().anyMatch(f -> f.clientName().equals(file.toString())));
                client.clearBuffer();
            }
        }
    }

    @Test
    void waitsTheServerAskedForDoNotUseUpTheRetries() throws Exception {
        Path file = source("busy", 2 * CHUNK);
        proxy.onPost(new Answer(503, "1"), new Answer(503, "1"), new Answer(503, "1"), new Answer(503, "1"),
                new Answer(503, "1"));

        try (IndexedCpClient client = client()) {
            client.bufferAndUpload(proxy.uploadUri(), file);
            assertEquals(List.of(), client.listBufferedFiles());
        }

        assertStoredIdentical(file);
        // Five waits of the server's 1 s with a policy of 3 retries: none of them was a failure.
        assertEquals(5, retries().size(), retries().toString());
        assertTrue(retries().stream().allMatch(r -> r.chunk() == 0 && r.delayMillis() == 1000), retries().toString());
    }

    @Test
    void aRefusedChunkStopsReadingTheFileAndTheNextRunReadsOnFromTheSource() throws Exception {
        int chunks = 40;
        Path file = source("stop-reading", chunks * CHUNK - 7);
        proxy.onPost(new Answer(401, null));

        try (IndexedCpClient client = client()) {
            assertThrows(AuthenticationFailedException.class, () -> client.bufferAndUpload(proxy.uploadUri(), file));
            BufferedFile left = client.listBufferedFiles().get(0);
            // At most the chunks the window let in before the refusal came back: one sender plus the read-ahead.
            assertTrue(left.bufferedChunks() <= 1 + FileUploader.READ_AHEAD, "read in: " + left.bufferedChunks());
            assertEquals(chunks, left.remainingChunks());

            client.uploadBufferedFiles();
            assertEquals(List.of(), client.listBufferedFiles());
        }
        assertStoredIdentical(file);
    }

    @Test
    void anUploadTheServerLostLeavesTheBufferAndTheOtherFilesStillGo() throws Exception {
        Path lost = source("lost", 3 * CHUNK);
        Path other = source("after-lost", 2 * CHUNK + 5);
        proxy.onComplete(new Answer(400, null));

        try (IndexedCpClient client = client()) {
            assertThrows(UploadRejectedException.class, () -> client.bufferAndUpload(proxy.uploadUri(), lost));
            BufferedFile left = client.listBufferedFiles().get(0);
            assertEquals(0, left.remainingChunks(), "every chunk was accepted, none is buffered");
            // The server loses the upload (as expiry would): completing it now is answered 404.
            assertEquals(200, new RawUploads(server.baseUri(), ItServer.API_KEY)
                    .cancel(lost.getFileName().toString(), left.uploadId()).statusCode());
            client.addFile(other, proxy.uploadUri());

            UploadRejectedException e = assertThrows(UploadRejectedException.class, client::uploadBufferedFiles);

            assertEquals(List.of(), client.listBufferedFiles(), "the lost file left the buffer, the other was sent");
            assertEquals(404, e.status());
            assertTrue(e.getMessage().startsWith(lost + ": the server no longer knows upload ")
                    && e.getMessage().endsWith("; the file has left the buffer: upload it again"), e.getMessage());
        }
        assertStoredIdentical(other);
        assertFalse(Files.exists(server.stored(lost.getFileName().toString())));
    }

    @Test
    void aCompletionMissingChunksThatLeftTheBufferDropsTheFileAndTheOtherFilesStillGo() throws Exception {
        Path lost = source("lost-409", 4 * CHUNK);
        Path other = source("after-409", CHUNK + 1);
        // Chunks 0 and 1 are accepted (and leave the buffer); chunk 2 is refused, so the file stays buffered.
        proxy.onPost(new FaultyProxy.Pass(), new FaultyProxy.Pass(), new Answer(400, null));

        try (IndexedCpClient client = client()) {
            assertThrows(UploadRejectedException.class, () -> client.bufferAndUpload(proxy.uploadUri(), lost));
            String uploadId = client.listBufferedFiles().get(0).uploadId();
            // The server loses what it had: the next run sends chunks 2 and 3, and the completion lacks 0 and 1.
            assertEquals(200, new RawUploads(server.baseUri(), ItServer.API_KEY)
                    .cancel(lost.getFileName().toString(), uploadId).statusCode());
            client.addFile(other, proxy.uploadUri());

            UploadRejectedException e = assertThrows(UploadRejectedException.class, client::uploadBufferedFiles);

            assertEquals(List.of(), client.listBufferedFiles(), "the lost file left the buffer, the other was sent");
            assertEquals(409, e.status());
            assertEquals(lost + ": the server lacks chunks [0, 1], which the buffer no longer holds; the file has left "
                    + "the buffer: upload it again", e.getMessage());
        }
        assertStoredIdentical(other);
        assertFalse(Files.exists(server.stored(lost.getFileName().toString())));
    }
}
