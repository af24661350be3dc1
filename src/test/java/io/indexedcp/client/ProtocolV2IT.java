package io.indexedcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.client.FaultyProxy.Answer;
import io.indexedcp.client.FaultyProxy.CorruptBody;
import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.client.retry.RetryPolicy;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol v2 from the client's side, against the real server (through {@link FaultyProxy} where a
 * fault is needed): digests caught in transit, upload ids that keep same-named files apart,
 * completion that survives a crash, an old server without completion, and parallel progress.
 */
class ProtocolV2IT {

    private static final int CHUNK = 32 * 1024;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static ItServer server;

    @TempDir
    Path dir;

    private FaultyProxy proxy;

    @BeforeAll
    static void startServer() throws Exception {
        server = ItServer.start(ProtocolV2IT.class);
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
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    private Path source(String label, int size, long seed) throws Exception {
        Path file = dir.resolve(label + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() + ".bin");
        Files.write(file, RawUploads.randomBytes(size, seed));
        return file;
    }

    private IndexedCpClient.Builder client(Path buffer, RecordingListener listener, int parallelism) {
        return IndexedCpClient.builder()
                .apiKey(ItServer.API_KEY)
                .chunkSize(CHUNK)
                .retryPolicy(RetryPolicy.exponential(3, Duration.ofMillis(50)))
                .parallelism(parallelism)
                .bufferPath(buffer)
                .listener(listener);
    }

    private void assertStoredIdentical(Path file) throws Exception {
        assertEquals(Sha256.of(file), Sha256.of(server.stored(file.getFileName().toString())));
    }

    @Test
    void aChunkDamagedInTransitIsRefusedWith422AndSentAgain() throws Exception {
        Path file = source("corrupt", 4 * CHUNK + 11, 1);
        RecordingListener listener = new RecordingListener();
        proxy.onPost(new CorruptBody());

        try (IndexedCpClient client = client(dir.resolve("buffer.db"), listener, 1).build()) {
            client.bufferAndUpload(proxy.uploadUri(), file);
            assertEquals(List.of(), client.listBufferedFiles());
        }

        assertStoredIdentical(file);
        assertEquals(1, listener.retries.size(), listener.retries.toString());
        RetryEvent retry = listener.retries.get(0);
        assertEquals(0, retry.chunkIndex());
        assertEquals("HTTP 422", retry.reason());
        assertEquals(422, proxy.chunkPosts().get(0).status());
        assertEquals(List.of(0, 1, 2, 3, 4), proxy.chunksAcceptedByServer());
        assertEquals(List.of(0, 1, 2, 3, 4), listener.sentIndexes());
    }

    @Test
    void aChangedFileUnderTheSameNameIsANewUpload() throws Exception {
        Path file = dir.resolve("same-" + System.nanoTime() + ".bin");
        Files.write(file, RawUploads.randomBytes(5 * CHUNK, 2));
        RecordingListener first = new RecordingListener();
        String firstId;
        try (IndexedCpClient client = client(dir.resolve("buffer.db"), first, 4).build()) {
            client.addFile(file, server.uploadUri());
            firstId = client.listBufferedFiles().get(0).uploadId();
            client.uploadBufferedFiles();
        }
        assertStoredIdentical(file);

        byte[] changed = RawUploads.randomBytes(3 * CHUNK + 5, 3);
        Files.write(file, changed);
        RecordingListener second = new RecordingListener();
        try (IndexedCpClient client = client(dir.resolve("buffer.db"), second, 4).build()) {
            client.addFile(file, server.uploadUri());
            assertNotEquals(firstId, client.listBufferedFiles().get(0).uploadId());
            client.uploadBufferedFiles();
        }

        assertEquals(Sha256.of(changed), Sha256.of(server.stored(file.getFileName().toString())));
        assertEquals(List.of(), second.skipped, "nothing of the new content was 'already received'");
        assertEquals(List.of(0, 1, 2, 3), second.sentIndexes().stream().sorted().toList());
    }

    @Test
    void twoClientsUploadingDifferentFilesOfOneNameAtOnceStayApart() throws Exception {
        String name = "shared-" + System.nanoTime() + ".bin";
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Path a = Files.write(dir.resolve("a").resolve(name), RawUploads.randomBytes(12 * CHUNK, 4));
        Path b = Files.write(dir.resolve("b").resolve(name), RawUploads.randomBytes(9 * CHUNK + 3, 5));
        CountDownLatch ready = new CountDownLatch(2);

        try (IndexedCpClient clientA = client(dir.resolve("a.db"), new RecordingListener(), 4).build();
                IndexedCpClient clientB = client(dir.resolve("b.db"), new RecordingListener(), 4).build()) {
            clientA.addFile(a, proxy.uploadUri());
            clientB.addFile(b, proxy.uploadUri());
            CompletableFuture<Map<String, String>> uploadA = CompletableFuture.supplyAsync(() -> {
                ready.countDown();
                awaitQuietly(ready);
                return clientA.uploadBufferedFiles();
            });
            CompletableFuture<Map<String, String>> uploadB = CompletableFuture.supplyAsync(() -> {
                ready.countDown();
                awaitQuietly(ready);
                return clientB.uploadBufferedFiles();
            });

            assertEquals(Map.of(a.toString(), name), uploadA.get(120, TimeUnit.SECONDS));
            assertEquals(Map.of(b.toString(), name), uploadB.get(120, TimeUnit.SECONDS));
        }

        String stored = Sha256.of(server.stored(name));
        assertTrue(stored.equals(Sha256.of(a)) || stored.equals(Sha256.of(b)), "the server's file is one of the two");
        List<FaultyProxy.Seen> completions = proxy.completions();
        assertEquals(2, completions.size(), completions.toString());
        assertTrue(completions.stream().allMatch(c -> c.status() == 200), completions.toString());
        assertTrue(proxy.chunkPosts().stream().allMatch(c -> c.status() == 200), "no chunk was mixed up with the other's");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCrashBeforeCompletionIsFinishedByTheNextFlushWithTheCompletionAlone() throws Exception {
        Path file = source("crash", 6 * CHUNK + 1, 6);
        proxy.onComplete(new Answer(400, null));
        try (IndexedCpClient client = client(dir.resolve("buffer.db"), new RecordingListener(), 4).build()) {
            UploadRejectedException e = assertThrows(UploadRejectedException.class,
                    () -> client.bufferAndUpload(proxy.uploadUri(), file));
            assertEquals(400, e.status());
            BufferedFile left = client.listBufferedFiles().get(0);
            assertEquals(0, left.remainingChunks(), "every chunk was accepted");
            assertEquals(7, left.chunkCount());
        }
        assertTrue(Files.notExists(server.stored(file.getFileName().toString())), "not visible before completion");
        int seenBefore = proxy.seen().size();
        RecordingListener listener = new RecordingListener();

        try (IndexedCpClient fresh = client(dir.resolve("buffer.db"), listener, 4).build()) {
            Map<String, String> stored = fresh.flush(null);

            assertEquals(Map.of(file.toString(), file.getFileName().toString()), stored);
            assertEquals(List.of(), fresh.listBufferedFiles());
        }

        List<FaultyProxy.Seen> after = proxy.seen().subList(seenBefore, proxy.seen().size());
        assertEquals(0, after.stream().filter(FaultyProxy.Seen::isChunk).count(), "no chunk sent again: " + after);
        assertEquals(1, after.stream().filter(FaultyProxy.Seen::isCompletion).filter(s -> s.status() == 200).count());
        assertEquals(List.of(), listener.sent);
        assertStoredIdentical(file);
    }

    @Test
    void anOldServerWithoutCompletionCountsAsDoneAfterTheLastChunk() throws Exception {
        Path file = source("old-complete", 2 * CHUNK + 7, 7);
        proxy.onGet(new Answer(404, null));
        proxy.onComplete(new Answer(404, null));
        RecordingListener listener = new RecordingListener();

        try (IndexedCpClient client = client(dir.resolve("buffer.db"), listener, 4).build()) {
            Map<String, String> stored = client.bufferAndUpload(proxy.uploadUri(), file);

            assertEquals(Map.of(file.toString(), file.getFileName().toString()), stored);
            assertEquals(List.of(), client.listBufferedFiles());
        }
        assertEquals(List.of(file + " -> " + file.getFileName()), listener.done);
        assertEquals(1, proxy.completions().size());
    }

    @Test
    void parallelProgressReportsEveryChunkExactlyOnce() throws Exception {
        List<Path> files = List.of(source("progress-a", 40 * CHUNK + 3, 8), source("progress-b", 17 * CHUNK, 9),
                source("progress-c", 1, 10));
        RecordingListener listener = new RecordingListener();

        try (IndexedCpClient client = client(dir.resolve("buffer.db"), listener, 4).build()) {
            client.bufferAndUpload(server.uploadUri(), files.toArray(Path[]::new));
        }

        int[] chunks = {41, 17, 1};
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).toString();
            List<Integer> sent = listener.sent.stream().filter(c -> c.clientName().equals(name))
                    .map(RecordingListener.Chunk::index).sorted().toList();
            assertEquals(IntStream.range(0, chunks[i]).boxed().toList(), sent, name);
            assertStoredIdentical(files.get(i));
        }
        assertEquals(41 + 17 + 1, listener.sent.size());
        assertEquals(40L * CHUNK + 3 + 17L * CHUNK + 1, listener.sent.stream().mapToLong(RecordingListener.Chunk::bytes).sum());
        assertEquals(3, listener.done.size());
    }

    @Test
    void theServersUploadsAreListed() throws Exception {
        Path file = source("listed", CHUNK + 1, 11);
        String uploadId;
        try (IndexedCpClient client = client(dir.resolve("buffer.db"), new RecordingListener(), 4).build()) {
            client.addFile(file, server.uploadUri());
            uploadId = client.listBufferedFiles().get(0).uploadId();
            client.uploadBufferedFiles();

            URI url = server.uploadUri();
            var listed = client.serverUploads(url).uploads().stream()
                    .filter(u -> uploadId.equals(u.uploadId())).findFirst().orElseThrow();
            assertEquals(file.getFileName().toString(), listed.filename());
            assertEquals("complete", listed.state());
            assertEquals(2, listed.receivedChunks());
            assertEquals(CHUNK + 1, listed.receivedBytes());
        }
    }
}
