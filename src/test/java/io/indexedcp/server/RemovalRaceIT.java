package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancels racing with chunks in flight, over real HTTP: whatever the interleaving, every answer is
 * 2xx or 404, and once the senders are done every file in staging belongs to a record and every
 * upload's file is exactly its recorded prefix of the source (no old bytes, no holes, no orphans).
 */
class RemovalRaceIT {

    private static final String KEY = "removal-race-key";
    private static final int CHUNK = 64 * 1024;
    private static final byte[] SOURCE = RawUploads.randomBytes(40 * CHUNK + 321, 17);
    private static final List<byte[]> CHUNKS = RawUploads.chunks(SOURCE, CHUNK);

    private static Path outputDir;
    private static PayaraMicroProcess server;
    private static RawUploads client;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("removal-race-it");
        Files.createDirectories(root);
        outputDir = Files.createTempDirectory(root, "uploads-");
        server = new PayaraMicroProcess(outputDir, KEY).start();
        client = new RawUploads(server.baseUri(), KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void plainUploadsCancelledWhileChunksArriveKeepTheirFilesConsistent() throws Exception {
        race("plain.bin", null);
    }

    @Test
    void v2UploadsCancelledWhileChunksArriveKeepTheirFilesConsistent() throws Exception {
        race("v2.bin", "race-1");
    }

    private static void race(String name, String uploadId) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 4; round++) {
                AtomicInteger acknowledged = new AtomicInteger();
                CountDownLatch someSent = new CountDownLatch(10);
                List<Future<?>> running = new ArrayList<>();
                for (int sender = 0; sender < 6; sender++) {
                    List<Integer> order = new ArrayList<>(IntStream.range(0, CHUNKS.size()).boxed().toList());
                    Collections.shuffle(order, new Random(round * 10L + sender));
                    List<Integer> mine = order.subList(0, CHUNKS.size() / 2);
                    running.add(senders.submit(() -> {
                        for (int index : mine) {
                            HttpResponse<String> answer = send(name, uploadId, index);
                            assertEquals(200, answer.statusCode(), answer.body());
                            acknowledged.incrementAndGet();
                            someSent.countDown();
                        }
                        return null;
                    }));
                }
                assertTrue(someSent.await(60, TimeUnit.SECONDS));
                for (int cancel = 0; cancel < 3; cancel++) {
                    HttpResponse<String> answer = client.cancel(name, uploadId);
                    assertTrue(answer.statusCode() == 200 || answer.statusCode() == 404, answer.body());
                }
                for (Future<?> sender : running) {
                    sender.get(120, TimeUnit.SECONDS);
                }
                assertConsistent();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private static HttpResponse<String> send(String name, String uploadId, int index) throws Exception {
        return uploadId == null ? client.sendChunk(name, index, CHUNKS.get(index))
                : client.sendChunk(name, uploadId, index, CHUNKS.get(index), RawUploads.digestOf(CHUNKS.get(index)));
    }

    /** The server is quiet: every staging file has a record, every unfinished file is its recorded prefix. */
    private static void assertConsistent() throws Exception {
        Set<String> referenced = new HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + outputDir.resolve(".indexcp_chunks.db"));
                Statement query = db.createStatement()) {
            try (ResultSet rows = query.executeQuery("SELECT staged_as FROM received_chunk")) {
                while (rows.next()) {
                    referenced.add(rows.getString(1));
                }
            }
            try (ResultSet rows = query.executeQuery(
                    "SELECT COALESCE(assembled_as, file_name), placed_bytes FROM upload WHERE state <> 'complete'")) {
                while (rows.next()) {
                    String file = rows.getString(1);
                    referenced.add(Path.of(file).getFileName().toString());
                    long placed = rows.getLong(2);
                    byte[] onDisk = Files.exists(outputDir.resolve(file)) ? Files.readAllBytes(outputDir.resolve(file))
                            : new byte[0];
                    assertEquals(placed, onDisk.length, "the file of " + file + " is its recorded prefix");
                    assertArrayEquals(Arrays.copyOf(SOURCE, (int) placed), onDisk, "bytes of " + file);
                }
            }
        }
        try (Stream<Path> staged = Files.list(outputDir.resolve(".indexcp-staging"))) {
            List<String> orphans = staged.map(file -> file.getFileName().toString())
                    .filter(file -> !referenced.contains(file)).toList();
            assertEquals(List.of(), orphans, "staging files no record refers to");
        }
    }
}
