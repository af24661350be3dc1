package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import io.indexedcp.testing.TrackingDatabases;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plain protocol against the packaged WAR in a real Payara Micro: whatever order chunks
 * arrive in, the file on disk is byte-identical to the source, and status and the tracking rows
 * say exactly what was received.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UploadEndpointIT {

    private static final int CHUNK = 64 * 1024;
    /** Eight full chunks and a short ninth one. */
    private static final byte[] SOURCE = RawUploads.randomBytes(8 * CHUNK + 1234, 42);
    private static final List<byte[]> CHUNKS = RawUploads.chunks(SOURCE, CHUNK);

    @ArquillianResource
    URL base;

    private RawUploads client;
    private final Path outputDir = Path.of(System.getProperty("indexedcp.it.outputDir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PackagedWar.get();
    }

    @BeforeEach
    void setUp() throws Exception {
        client = new RawUploads(PackagedWar.loopback(base), System.getProperty("indexedcp.it.apiKey"));
    }

    @Test
    void inOrderUploadProducesIdenticalFile() throws Exception {
        assertUploadedIntact(IntStream.range(0, CHUNKS.size()).boxed().toList());
    }

    @Test
    void reversedUploadProducesIdenticalFile() throws Exception {
        List<Integer> order = new ArrayList<>(IntStream.range(0, CHUNKS.size()).boxed().toList());
        Collections.reverse(order);
        assertUploadedIntact(order);
    }

    @Test
    void shuffledUploadWithDuplicatesProducesIdenticalFile() throws Exception {
        List<Integer> order = new ArrayList<>(IntStream.range(0, CHUNKS.size()).boxed().toList());
        order.addAll(List.of(3, 0, 8, 3));
        Collections.shuffle(order, new Random(7));
        assertUploadedIntact(order);
    }

    @Test
    void concurrentConnectionsInAnyOrderProduceIdenticalFile() throws Exception {
        String name = uniqueName();
        List<Integer> order = new ArrayList<>(IntStream.range(0, CHUNKS.size()).boxed().toList());
        order.addAll(order); // every chunk twice, racing with itself
        Collections.shuffle(order, new Random(11));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int index : order) {
                answers.add(pool.submit(() -> client.sendChunk(name, index, CHUNKS.get(index))));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> answered = answer.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, answered.statusCode(), answered.body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Sha256.of(SOURCE), Sha256.of(outputDir.resolve(name)));
        assertEquals(CHUNKS.size(), trackingRows(name), "one row per chunk, however often it was sent");
    }

    @Test
    void duplicateIsAnsweredAlreadyReceivedAndWrittenOnce() throws Exception {
        String name = uniqueName();
        HttpResponse<String> first = client.sendChunk(name, 0, CHUNKS.get(0));
        HttpResponse<String> second = client.sendChunk(name, 0, CHUNKS.get(0));
        assertEquals(200, first.statusCode());
        assertFalse(first.body().contains("alreadyReceived"), first.body());
        assertEquals(200, second.statusCode());
        assertTrue(second.body().contains("\"alreadyReceived\":true"), second.body());
        assertTrue(second.body().contains("\"message\":\"Chunk already received (skipped)\""), second.body());
        assertEquals(1, trackingRows(name));
        assertEquals(CHUNK, Files.size(outputDir.resolve(name)));
    }

    @Test
    void answerCarriesTheNamesTheClientsRead() throws Exception {
        String name = uniqueName();
        HttpResponse<String> answer = client.sendChunk("./data/" + name, 0, CHUNKS.get(0));
        assertEquals(200, answer.statusCode());
        assertEquals("{\"message\":\"Chunk received\",\"actualFilename\":\"" + name
                + "\",\"chunkIndex\":0,\"clientFilename\":\"./data/" + name + "\"}", answer.body());
    }

    @Test
    void pathsOfEveryKindKeepOnlyTheBaseName() throws Exception {
        for (String prefix : List.of("./data/", "../", "/home/u/", "C:\\Users\\u\\", "a/b\\c/../")) {
            String name = uniqueName();
            HttpResponse<String> answer = client.sendChunk(prefix + name, 0, CHUNKS.get(0));
            assertEquals(200, answer.statusCode(), prefix);
            assertTrue(answer.body().contains("\"actualFilename\":\"" + name + "\""), answer.body());
            assertTrue(Files.isRegularFile(outputDir.resolve(name)), prefix + name);
        }
    }

    @Test
    void statusListsExactlyTheReceivedChunksAscending() throws Exception {
        String name = uniqueName();
        for (int index : List.of(5, 0, 2)) {
            assertEquals(200, client.sendChunk(name, index, CHUNKS.get(index)).statusCode());
        }
        HttpResponse<String> status = client.status(name);
        assertEquals(200, status.statusCode());
        assertEquals("{\"filename\":\"" + name + "\",\"receivedChunks\":[0,2,5]}", status.body());
        // The Python client asks with the base name, as sent: no URL encoding needed for plain names.
        assertEquals(status.body(), client.send(HttpRequest.newBuilder(PackagedWar.loopback(base).resolve("upload/status?filename=" + name))
                .header("Authorization", "Bearer " + System.getProperty("indexedcp.it.apiKey"))).body());
    }

    @Test
    void statusOfUnknownNameIsEmpty() throws Exception {
        HttpResponse<String> status = client.status("never-seen-" + UUID.randomUUID() + ".bin");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().endsWith("\"receivedChunks\":[]}"), status.body());
    }

    private void assertUploadedIntact(List<Integer> order) throws Exception {
        String name = uniqueName();
        for (int index : order) {
            HttpResponse<String> answer = client.sendChunk("/some/client/dir/" + name, index, CHUNKS.get(index));
            assertEquals(200, answer.statusCode(), answer.body());
        }
        assertEquals(Sha256.of(SOURCE), Sha256.of(outputDir.resolve(name)));
        assertEquals("{\"filename\":\"" + name + "\",\"receivedChunks\":"
                + IntStream.range(0, CHUNKS.size()).boxed().toList().toString().replace(" ", "") + "}",
                client.status(name).body());
        assertEquals(CHUNKS.size(), trackingRows(name));
    }

    /** Rows in the server's own tracking database, read straight from it (the SQLite file or PostgreSQL). */
    private long trackingRows(String name) throws Exception {
        try (Connection db = TrackingDatabases.connect(outputDir);
                PreparedStatement query = db.prepareStatement("""
                        SELECT COUNT(*) FROM received_chunk c JOIN upload u ON c.upload_id = u.id
                        WHERE u.file_name = ?""")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String uniqueName() {
        return "it-" + UUID.randomUUID() + ".bin";
    }
}
