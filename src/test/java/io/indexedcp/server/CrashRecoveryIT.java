package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server process is stopped or killed ({@code SIGKILL}) in the middle of uploads and started
 * again on the same output directory: tracking survives, the file and its record agree, and
 * sending what status says is missing completes a byte-identical file.
 */
class CrashRecoveryIT {

    private static final String KEY = "crash-test-key";
    private static final int CHUNK = 256 * 1024;
    private static final byte[] SOURCE = RawUploads.randomBytes(24 * CHUNK + 777, 99);
    private static final List<byte[]> CHUNKS = RawUploads.chunks(SOURCE, CHUNK);

    private Path outputDir;
    private PayaraMicroProcess server;

    @BeforeEach
    void freshOutputDirectory() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("crash-it");
        Files.createDirectories(root);
        outputDir = Files.createTempDirectory(root, "uploads-");
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void trackingSurvivesARestart() throws Exception {
        server = new PayaraMicroProcess(outputDir, KEY).start();
        RawUploads client = new RawUploads(server.baseUri(), KEY);
        for (int index : List.of(0, 1, 2, 7)) {
            assertEquals(200, client.sendChunk("restart.bin", index, CHUNKS.get(index)).statusCode());
        }
        server.stop();

        server = new PayaraMicroProcess(outputDir, KEY).start();
        client = new RawUploads(server.baseUri(), KEY);
        assertEquals(List.of(0, 1, 2, 7), received(client, "restart.bin"));
        assertTrue(client.sendChunk("restart.bin", 1, CHUNKS.get(1)).body().contains("\"alreadyReceived\":true"));
        sendMissing(client, "restart.bin");
        assertEquals(Sha256.of(SOURCE), Sha256.of(outputDir.resolve("restart.bin")));
    }

    @Test
    void killedMidChunkThenRestartedAgreesAndCompletes() throws Exception {
        server = new PayaraMicroProcess(outputDir, KEY).start();
        RawUploads client = new RawUploads(server.baseUri(), KEY);
        for (int index : List.of(0, 1, 2, 3, 9)) {
            assertEquals(200, client.sendChunk("cut.bin", index, CHUNKS.get(index)).statusCode());
        }
        // Chunk 4 is half sent when the server dies.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                    + "\r\nX-File-Name: cut.bin\r\nX-Chunk-Index: 4\r\nContent-Length: " + CHUNK + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(CHUNKS.get(4), 0, CHUNK / 2);
            out.flush();
            server.kill();
        }

        server = new PayaraMicroProcess(outputDir, KEY).start();
        client = new RawUploads(server.baseUri(), KEY);
        List<Integer> received = received(client, "cut.bin");
        assertEquals(List.of(0, 1, 2, 3, 9), received);
        assertFileAgreesWithRecord("cut.bin", received);
        sendMissing(client, "cut.bin");
        assertEquals(Sha256.of(SOURCE), Sha256.of(outputDir.resolve("cut.bin")));
    }

    @Test
    void killedAtAnArbitraryMomentUnderLoadThenRestartedAgreesAndCompletes() throws Exception {
        server = new PayaraMicroProcess(outputDir, KEY).start();
        RawUploads client = new RawUploads(server.baseUri(), KEY);
        List<Integer> order = new ArrayList<>(IntStream.range(0, CHUNKS.size()).boxed().toList());
        Collections.shuffle(order, new Random(5));
        Set<Integer> acknowledged = new ConcurrentSkipListSet<>();
        CountDownLatch someAcknowledged = new CountDownLatch(CHUNKS.size() / 3);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int index : order) {
            senders.submit(() -> {
                HttpResponse<String> answer = client.sendChunk("load.bin", index, CHUNKS.get(index));
                if (answer.statusCode() == 200) {
                    acknowledged.add(index);
                    someAcknowledged.countDown();
                }
                return answer;
            });
        }
        assertTrue(someAcknowledged.await(120, TimeUnit.SECONDS), "a third of the chunks acknowledged within 120 s");
        server.kill(); // while up to four chunks are in flight
        senders.shutdownNow();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS), "senders end once the server is gone");
        Set<Integer> acknowledgedBeforeRestart = Set.copyOf(acknowledged);

        server = new PayaraMicroProcess(outputDir, KEY).start();
        RawUploads after = new RawUploads(server.baseUri(), KEY);
        List<Integer> received = received(after, "load.bin");
        // The set, not the count: every chunk that was answered 200 is among those recorded.
        TreeSet<Integer> lost = new TreeSet<>(acknowledgedBeforeRestart);
        lost.removeAll(received);
        assertEquals(Set.of(), lost, "acknowledged chunks missing after kill -9 and restart (recorded: " + received + ")");
        assertFileAgreesWithRecord("load.bin", received);
        assertRecordedChunksAreTheSource("load.bin", received);
        sendMissing(after, "load.bin");
        assertEquals(Sha256.of(SOURCE), Sha256.of(outputDir.resolve("load.bin")));
    }

    /**
     * Every recorded chunk beyond the placed prefix holds the source's bytes: asked with
     * {@code digests=true}, status gives each recorded chunk's size and SHA-256, which must be the
     * source chunk's. (The placed prefix's bytes are compared in the file; those waiting in staging
     * are compared once placed, by the whole file's SHA-256 at the end.)
     */
    private void assertRecordedChunksAreTheSource(String name, List<Integer> received) throws Exception {
        RawUploads client = new RawUploads(server.baseUri(), KEY);
        HttpResponse<String> status = client.get("upload/status?digests=true&filename=" + name);
        assertEquals(200, status.statusCode(), status.body());
        Matcher chunk = Pattern.compile("\\{\"index\":([0-9]+),\"size\":([0-9]+),\"digest\":\"([^\"]+)\"}")
                .matcher(status.body());
        Set<Integer> described = new TreeSet<>();
        while (chunk.find()) {
            int index = Integer.parseInt(chunk.group(1));
            described.add(index);
            assertEquals(CHUNKS.get(index).length, Integer.parseInt(chunk.group(2)), "size of recorded chunk " + index);
            assertEquals(RawUploads.digestOf(CHUNKS.get(index)), chunk.group(3), "SHA-256 of recorded chunk " + index);
        }
        assertEquals(new TreeSet<>(received), described, "status with digests describes every recorded chunk");
    }

    /**
     * The target file holds exactly the contiguous prefix of recorded chunks, and those bytes are
     * the source's; recorded chunks beyond a gap wait in staging, not in the file.
     */
    private void assertFileAgreesWithRecord(String name, List<Integer> received) throws Exception {
        int prefix = 0;
        while (prefix < received.size() && received.get(prefix) == prefix) {
            prefix++;
        }
        long expectedLength = Math.min((long) prefix * CHUNK, SOURCE.length);
        Path file = outputDir.resolve(name);
        byte[] onDisk = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        assertEquals(expectedLength, onDisk.length, "file length for recorded prefix of " + prefix + " chunks");
        assertArrayEquals(Arrays.copyOf(SOURCE, (int) expectedLength), onDisk);
    }

    private static void sendMissing(RawUploads client, String name) throws Exception {
        TreeSet<Integer> missing = new TreeSet<>(IntStream.range(0, CHUNKS.size()).boxed().toList());
        missing.removeAll(received(client, name));
        for (int index : missing.descendingSet()) {
            HttpResponse<String> answer = client.sendChunk(name, index, CHUNKS.get(index));
            assertEquals(200, answer.statusCode(), answer.body());
        }
        assertEquals(CHUNKS.size(), received(client, name).size());
    }

    private static List<Integer> received(RawUploads client, String name) throws Exception {
        HttpResponse<String> status = client.status(name);
        assertEquals(200, status.statusCode(), status.body());
        Matcher list = Pattern.compile("\"receivedChunks\":\\[([0-9,]*)]").matcher(status.body());
        assertTrue(list.find(), status.body());
        return list.group(1).isEmpty() ? List.of()
                : Arrays.stream(list.group(1).split(",")).map(Integer::valueOf).toList();
    }
}
