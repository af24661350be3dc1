package io.indexedcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The library against the real server in Payara Micro: sizes, resume from the server's status, a wrong key. */
class UploadIT {

    private static final int CHUNK = 64 * 1024;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static ItServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = ItServer.start(UploadIT.class);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Names are unique per run: the server remembers what it received under a name. */
    private Path source(String label, int size) throws Exception {
        Path file = dir.resolve(label + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() + ".bin");
        Files.write(file, RawUploads.randomBytes(size, size + 17L));
        return file;
    }

    private IndexedCpClient.Builder client(RecordingListener listener) {
        return IndexedCpClient.builder()
                .apiKey(ItServer.API_KEY)
                .chunkSize(CHUNK)
                .initialRetryDelay(java.time.Duration.ofMillis(50))
                .bufferPath(dir.resolve("buffer.db"))
                .listener(listener);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK, 5 * CHUNK + 123})
    void uploadedFileIsByteIdentical(int size) throws Exception {
        Path file = source("size-" + size, size);
        RecordingListener listener = new RecordingListener();
        int chunks = size == 0 ? 1 : (size + CHUNK - 1) / CHUNK;

        try (IndexedCpClient client = client(listener).build()) {
            Map<String, String> stored = client.bufferAndUpload(server.uploadUri(), file);

            String actual = file.getFileName().toString();
            assertEquals(Map.of(file.toString(), actual), stored);
            assertEquals(Sha256.of(file), Sha256.of(server.stored(actual)));
            assertEquals(size, Files.size(server.stored(actual)));
            // In parallel the order varies; each chunk is reported exactly once.
            assertEquals(IntStream.range(0, chunks).boxed().toList(), listener.sentIndexes().stream().sorted().toList());
            assertEquals(List.of(), listener.retries);
            assertEquals(List.of(), client.listBufferedFiles(), "nothing left in the buffer");
        }
    }

    @Test
    void onlyTheChunksTheServerLacksAreSent() throws Exception {
        Path file = source("resume", 6 * CHUNK + 5);
        byte[] content = Files.readAllBytes(file);
        List<byte[]> chunks = RawUploads.chunks(content, CHUNK);
        RawUploads raw = new RawUploads(server.baseUri(), ItServer.API_KEY);
        RecordingListener listener = new RecordingListener();

        try (IndexedCpClient client = client(listener).build()) {
            assertEquals(7, client.addFile(file, server.uploadUri()));
            // Another run of this client sent some chunks of this upload before it stopped.
            String uploadId = client.listBufferedFiles().get(0).uploadId();
            for (int index : List.of(0, 1, 2, 4)) {
                assertEquals(200, raw.sendChunk(file.toString(), uploadId, index, chunks.get(index),
                        RawUploads.digestOf(chunks.get(index))).statusCode());
            }
            Map<String, String> stored = client.uploadBufferedFiles();

            assertEquals(file.getFileName().toString(), stored.get(file.toString()));
        }

        assertEquals(List.of(3, 5, 6), listener.sentIndexes().stream().sorted().toList());
        assertEquals(List.of(0, 1, 2, 4), listener.skippedIndexes());
        assertEquals(Sha256.of(content), Sha256.of(server.stored(file.getFileName().toString())));
    }

    @Test
    void aFileQueuedEarlierIsSentByALaterClientOnTheSameBuffer() throws Exception {
        Path first = source("queued-a", 3 * CHUNK);
        Path second = source("queued-b", 10);
        try (IndexedCpClient client = client(new RecordingListener()).build()) {
            client.addFile(first, server.uploadUri());
            client.addFile(second, server.uploadUri());
            assertEquals(List.of(3, 1), client.listBufferedFiles().stream().map(BufferedFile::chunkCount).toList());
        }

        try (IndexedCpClient later = client(new RecordingListener()).build()) {
            Map<String, String> stored = later.uploadBufferedFiles();

            assertEquals(List.of(first.toString(), second.toString()), List.copyOf(stored.keySet()));
            assertEquals(Sha256.of(first), Sha256.of(server.stored(stored.get(first.toString()))));
            assertEquals(Sha256.of(second), Sha256.of(server.stored(stored.get(second.toString()))));
            assertEquals(List.of(), later.listBufferedFiles());
        }
    }

    @Test
    void wrongApiKeyFailsAtOnceAndKeepsTheChunks() throws Exception {
        Path file = source("wrong-key", 3 * CHUNK);
        RecordingListener listener = new RecordingListener();

        try (IndexedCpClient client = client(listener).apiKey("not-the-key").build()) {
            AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                    () -> client.bufferAndUpload(server.uploadUri(), file));

            assertEquals(401, e.status());
            assertTrue(e.getMessage().startsWith("authentication failed: check INDEXEDCP_API_KEY"), e.getMessage());
            assertEquals(List.of(), listener.retries);
            assertEquals(List.of(), listener.sent);
            BufferedFile buffered = client.listBufferedFiles().get(0);
            assertEquals(3, buffered.remainingChunks());
        }
        assertTrue(Files.notExists(server.stored(file.getFileName().toString())));
    }

    @Test
    void statusReportsWhatTheServerHolds() throws Exception {
        Path file = source("status", 2 * CHUNK + 1);
        try (IndexedCpClient client = client(new RecordingListener()).build()) {
            client.addFile(file, server.uploadUri());
            String uploadId = client.listBufferedFiles().get(0).uploadId();
            assertEquals(List.of(), client.status(file.toString(), server.uploadUri()).receivedChunks(),
                    "asks about the buffered file's upload id");
            client.uploadBufferedFiles();

            UploadStatus status = client.status(file.toString(), uploadId, server.uploadUri());
            assertEquals(List.of(0, 1, 2), status.receivedChunks());
            assertEquals(Boolean.TRUE, status.complete());
            assertEquals(Sha256.of(file), status.sha256());
            assertEquals(List.of(), client.status("never-sent-" + System.nanoTime(), server.uploadUri()).receivedChunks());
        }
    }

    /** Issue 11: from the library too, any name is stored under exactly its decoded base name. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"résumé.pdf", "报告 2026.pdf", "Москва.txt", "a b & c + d % e # f.txt", "emoji 😀.bin"})
    void aNonAsciiOrUrlSpecialNameIsStoredUnderExactlyThatName(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("names"));
        Path file = folder.resolve(name);
        Files.write(file, RawUploads.randomBytes(2 * CHUNK + 3, name.hashCode()));

        try (IndexedCpClient client = client(new RecordingListener()).build()) {
            Map<String, String> stored = client.bufferAndUpload(server.uploadUri(), file);

            assertEquals(Map.of(file.toString(), name), stored);
            assertEquals(Sha256.of(file), Sha256.of(server.stored(name)));
            List<io.indexedcp.protocol.UploadSummary> uploads = client.serverUploads(server.uploadUri(), name);
            assertEquals(name, uploads.get(0).filename());
            assertEquals("complete", uploads.get(0).state());
            UploadStatus status = client.status(name, uploads.get(0).uploadId(), server.uploadUri());
            assertEquals(Boolean.TRUE, status.complete());
            assertEquals(name, status.actualFilename());
        }
    }

    /**
     * Issue 11: a file the server refuses, and one queued without a server, fail alone; the file after
     * them (one file at a time, in buffer order) still goes, and every failure is reported.
     */
    @Test
    void aFileThatFailsAloneDoesNotStopTheOthers() throws Exception {
        Path dotted = dir.resolve(".dotted-" + System.nanoTime() + ".bin");
        Files.write(dotted, RawUploads.randomBytes(CHUNK + 1, 3));
        Path unqueued = source("unqueued", 10);
        Path good = source("after-failures", CHUNK + 2);

        try (IndexedCpClient client = client(new RecordingListener()).parallelism(1).build()) {
            client.addFile(dotted, server.uploadUri());
            client.addFile(unqueued);
            client.addFile(good, server.uploadUri());

            IndexedCpException e = assertThrows(IndexedCpException.class, () -> client.flush(null));

            assertEquals(Sha256.of(good), Sha256.of(server.stored(good.getFileName().toString())));
            List<String> failures = new java.util.ArrayList<>(List.of(e.getMessage()));
            for (Throwable other : e.getSuppressed()) {
                failures.add(other.getMessage());
            }
            assertEquals(2, failures.size(), failures.toString());
            assertTrue(failures.get(0).startsWith(dotted + ", status request: refused by the server (HTTP 400): "
                    + "Invalid filename"), failures.toString());
            assertEquals(unqueued + " was buffered without a server: name one (--server or INDEXEDCP_SERVER)",
                    failures.get(1));
            assertEquals(List.of(dotted.toString(), unqueued.toString()),
                    client.listBufferedFiles().stream().map(BufferedFile::clientName).toList());
        }
    }

    @Test
    void wrongUrlIsRejectedWithoutRetries() throws Exception {
        Path file = source("wrong-url", 10);
        RecordingListener listener = new RecordingListener();
        URI wrong = server.baseUri().resolve("nothing-here");

        try (IndexedCpClient client = client(listener).build()) {
            UploadRejectedException e = assertThrows(UploadRejectedException.class,
                    () -> client.bufferAndUpload(wrong, file));

            assertEquals(404, e.status());
            assertTrue(e.getMessage().contains("check the server URL"), e.getMessage());
            assertEquals(List.of(), listener.retries);
            assertEquals(1, client.listBufferedFiles().size());
        }
    }
}
