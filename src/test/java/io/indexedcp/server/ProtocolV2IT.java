package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.DirectorySnapshot;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import io.indexedcp.testing.TrackingDatabases;
import java.net.URL;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The optional v2 additions, spoken raw over HTTP: per-chunk digests, upload ids, explicit
 * completion, cancel, listing. (Plain requests behaving as before is {@link UploadEndpointIT}.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProtocolV2IT {

    private static final int CHUNK = 64 * 1024;
    private static final byte[] FIRST = RawUploads.randomBytes(3 * CHUNK + 10, 1);
    private static final byte[] SECOND = RawUploads.randomBytes(3 * CHUNK + 10, 2);

    @ArquillianResource
    URL base;

    private RawUploads client;
    private final Path outputDir = Path.of(System.getProperty("indexedcp.it.outputDir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PackagedWar.get();
    }

    @BeforeEach
    void setUp() {
        client = new RawUploads(PackagedWar.loopback(base), System.getProperty("indexedcp.it.apiKey"));
    }

    @Test
    void chunkWithAWrongDigestIsRefusedAndKeepsNothingThenTheRightOneIsTaken() throws Exception {
        String name = uniqueName();
        byte[] chunk = RawUploads.chunks(FIRST, CHUNK).get(0);
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        HttpResponse<String> corrupted = client.sendChunk(name, "u1", 0, chunk, RawUploads.digestOf(SECOND));
        assertEquals(422, corrupted.statusCode(), corrupted.body());
        assertTrue(corrupted.body().startsWith("{\"error\":\"Content-Digest mismatch"), corrupted.body());
        assertEquals(before, DirectorySnapshot.of(outputDir));

        HttpResponse<String> good = client.sendChunk(name, "u1", 0, chunk, RawUploads.digestOf(chunk));
        assertEquals(200, good.statusCode(), good.body());
        HttpResponse<String> status = client.get("upload/status?filename=" + name + "&uploadId=u1&digests=true");
        assertTrue(status.body().contains("\"chunks\":[{\"index\":0,\"size\":" + CHUNK + ",\"digest\":\""
                + RawUploads.digestOf(chunk) + "\"}]"), status.body());
    }

    @Test
    void aLargeChunkWithAWrongDigestWrittenBeforeItsCheckLeavesNothingEither() throws Exception {
        // Over 256 KiB a held chunk is written while its digest is computed, and checked after.
        byte[] whole = RawUploads.randomBytes(3 * 300 * 1024, 3);
        List<byte[]> chunks = RawUploads.chunks(whole, 300 * 1024);
        String name = uniqueName();
        assertEquals(200, client.sendChunk(name, "big", 0, chunks.get(0), RawUploads.digestOf(chunks.get(0)))
                .statusCode());
        Map<String, String> before = DirectorySnapshot.of(outputDir);

        HttpResponse<String> corrupted = client.sendChunk(name, "big", 1, chunks.get(2),
                RawUploads.digestOf(chunks.get(1)));
        assertEquals(422, corrupted.statusCode(), corrupted.body());
        assertTrue(corrupted.body().startsWith("{\"error\":\"Content-Digest mismatch"), corrupted.body());
        assertEquals(before, DirectorySnapshot.of(outputDir), "neither the file nor the tracking changed");

        for (int i = 1; i < chunks.size(); i++) {
            assertEquals(200, client.sendChunk(name, "big", i, chunks.get(i), RawUploads.digestOf(chunks.get(i)))
                    .statusCode());
        }
        HttpResponse<String> done = client.complete(name, "big", chunks.size(), whole.length, Sha256.of(whole));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(Sha256.of(whole), Sha256.of(outputDir.resolve(name)));
    }

    @Test
    void malformedDigestIs400() throws Exception {
        HttpResponse<String> answer = client.sendChunk(uniqueName(), "u1", 0, new byte[10], "sha-256=:not base64!:");
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().startsWith("{\"error\":\"Invalid Content-Digest"), answer.body());
    }

    @Test
    void invalidUploadIdIs400() throws Exception {
        HttpResponse<String> answer = client.sendChunk(uniqueName(), "../../etc", 0, new byte[10],
                RawUploads.digestOf(new byte[10]));
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().startsWith("{\"error\":\"Invalid X-Upload-Id"), answer.body());
    }

    @Test
    void fileIsInvisibleUntilCompletedThenAppearsWholeAndCompletionIsIdempotent() throws Exception {
        String name = uniqueName();
        sendAll(name, "up-1", FIRST, List.of(2, 0, 1, 3));
        assertFalse(Files.exists(outputDir.resolve(name)), "not visible before completion");
        assertTrue(client.status(name, "up-1").body().contains("\"complete\":false"));

        HttpResponse<String> wrongDigest = client.complete(name, "up-1", 4, FIRST.length, Sha256.of(SECOND));
        assertEquals(422, wrongDigest.statusCode(), wrongDigest.body());
        assertFalse(Files.exists(outputDir.resolve(name)), "not visible after a refused completion");

        HttpResponse<String> done = client.complete(name, "up-1", 4, FIRST.length, Sha256.of(FIRST));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("{\"message\":\"Upload complete\",\"actualFilename\":\"" + name + "\",\"uploadId\":\"up-1\",\"size\":"
                + FIRST.length + ",\"sha256\":\"" + Sha256.of(FIRST) + "\"}", done.body());
        assertEquals(Sha256.of(FIRST), Sha256.of(outputDir.resolve(name)));
        assertEquals(done.body(), client.complete(name, "up-1", 4, FIRST.length, Sha256.of(FIRST)).body());
        assertTrue(client.status(name, "up-1").body().contains("\"complete\":true"));

        // A late chunk of a completed upload is a duplicate and changes nothing.
        HttpResponse<String> late = client.sendChunk(name, "up-1", 1, RawUploads.chunks(FIRST, CHUNK).get(1),
                RawUploads.digestOf(RawUploads.chunks(FIRST, CHUNK).get(1)));
        assertTrue(late.body().contains("\"alreadyReceived\":true"), late.body());
        assertEquals(Sha256.of(FIRST), Sha256.of(outputDir.resolve(name)));
        // Tracking is reduced to the summary row.
        assertEquals(0, chunkRows(name, "up-1"));
        assertEquals(1, uploadRows(name, "up-1"));
    }

    @Test
    void aCompletionWhileAnotherHashesTheFileIsAskedToComeBackUntilItsLeaseRunsOut() throws Exception {
        String name = uniqueName();
        sendAll(name, "busy", FIRST, List.of(0, 1, 2, 3));
        // As a completion still hashing the file leaves the row: completing, its lease running.
        leaseVerification(name, "busy", System.currentTimeMillis() + 60_000);

        HttpResponse<String> busy = client.complete(name, "busy", 4, FIRST.length, Sha256.of(FIRST));
        assertEquals(503, busy.statusCode(), busy.body());
        assertEquals("5", busy.headers().firstValue("Retry-After").orElse(null));
        assertTrue(busy.body().startsWith("{\"error\":\"Upload " + name + "/busy is being verified"), busy.body());
        assertFalse(Files.exists(outputDir.resolve(name)));

        // Its node died: nothing renews the lease, and once it has run out the next completion verifies.
        leaseVerification(name, "busy", System.currentTimeMillis() - 1);
        HttpResponse<String> done = client.complete(name, "busy", 4, FIRST.length, Sha256.of(FIRST));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(Sha256.of(FIRST), Sha256.of(outputDir.resolve(name)));
    }

    @Test
    void completionBeforeEveryChunkArrivedIsRefused() throws Exception {
        String name = uniqueName();
        sendAll(name, "partial", FIRST, List.of(0, 2));
        HttpResponse<String> answer = client.complete(name, "partial", 4, FIRST.length, Sha256.of(FIRST));
        assertEquals(409, answer.statusCode(), answer.body());
        assertFalse(Files.exists(outputDir.resolve(name)));
        HttpResponse<String> unknown = client.complete(name, "never-sent", 4, FIRST.length, Sha256.of(FIRST));
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    @Test
    void aDifferentFileUnderAnOldNameIsANewUploadAndReplacesTheOldWhole() throws Exception {
        String name = uniqueName();
        sendAll(name, "monday", FIRST, List.of(0, 1, 2, 3));
        assertEquals(200, client.complete(name, "monday", 4, FIRST.length, Sha256.of(FIRST)).statusCode());

        // Same name, new id: nothing is "already received", and the old bytes are never mixed in.
        List<byte[]> chunks = RawUploads.chunks(SECOND, CHUNK);
        HttpResponse<String> first = client.sendChunk(name, "tuesday", 0, chunks.get(0), RawUploads.digestOf(chunks.get(0)));
        assertFalse(first.body().contains("alreadyReceived"), first.body());
        sendAll(name, "tuesday", SECOND, List.of(1, 2, 3));
        assertEquals(Sha256.of(FIRST), Sha256.of(outputDir.resolve(name)), "the old file stays until the new one is complete");
        assertEquals(200, client.complete(name, "tuesday", 4, SECOND.length, Sha256.of(SECOND)).statusCode());
        assertEquals(Sha256.of(SECOND), Sha256.of(outputDir.resolve(name)));
    }

    @Test
    void twoClientsSendingDifferentFilesUnderOneNameAtOnceNeverMix() throws Exception {
        String name = uniqueName();
        List<byte[]> a = RawUploads.chunks(FIRST, CHUNK);
        List<byte[]> b = RawUploads.chunks(SECOND, CHUNK);
        for (int index : List.of(3, 0, 2, 1)) { // interleaved, chunk by chunk
            assertEquals(200, client.sendChunk("/home/alice/" + name, "alice", index, a.get(index),
                    RawUploads.digestOf(a.get(index))).statusCode());
            assertEquals(200, client.sendChunk("C:\\bob\\" + name, "bob", index, b.get(index),
                    RawUploads.digestOf(b.get(index))).statusCode());
        }
        assertEquals(200, client.complete(name, "alice", 4, FIRST.length, Sha256.of(FIRST)).statusCode());
        assertEquals(Sha256.of(FIRST), Sha256.of(outputDir.resolve(name)));
        assertEquals(200, client.complete(name, "bob", 4, SECOND.length, Sha256.of(SECOND)).statusCode());
        assertEquals(Sha256.of(SECOND), Sha256.of(outputDir.resolve(name)), "the later completion replaces the file whole");
    }

    @Test
    void cancelRemovesBytesAndRows() throws Exception {
        String name = uniqueName();
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        sendAll(name, "doomed", FIRST, List.of(0, 2));
        HttpResponse<String> answer = client.cancel(name, "doomed");
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(0, chunkRows(name, "doomed"));
        assertEquals(0, uploadRows(name, "doomed"));
        Map<String, String> after = DirectorySnapshot.of(outputDir);
        after.keySet().removeIf(file -> file.startsWith(".indexcp_chunks.db"));
        before.keySet().removeIf(file -> file.startsWith(".indexcp_chunks.db"));
        assertEquals(before, after, "no staged chunk and no partial file left");
        assertEquals(404, client.cancel(name, "doomed").statusCode());
    }

    @Test
    void listingShowsUploadsWithStateAndBytes() throws Exception {
        String name = uniqueName();
        sendAll(name, "listed", FIRST, List.of(0, 1));
        HttpResponse<String> list = client.get("uploads");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("{\"filename\":\"" + name + "\",\"uploadId\":\"listed\",\"state\":\"receiving\","
                + "\"receivedChunks\":2,\"receivedBytes\":" + 2 * CHUNK), list.body());
    }

    @Test
    void listingOfOneNameShowsOnlyItsUploadsAndAPlainUploadAsPlain() throws Exception {
        String name = uniqueName();
        String other = uniqueName();
        sendAll(name, "named", FIRST, List.of(0));
        assertEquals(200, client.sendChunk(name, 0, RawUploads.chunks(FIRST, CHUNK).get(0)).statusCode());
        sendAll(other, "other", FIRST, List.of(0));

        HttpResponse<String> list = client.get("uploads?filename=" + URLEncoder.encode("some/dir/" + name,
                StandardCharsets.UTF_8));

        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"filename\":\"" + name + "\",\"uploadId\":\"named\",\"state\":\"receiving\""),
                list.body());
        assertTrue(list.body().contains("{\"filename\":\"" + name + "\",\"state\":\"plain\",\"receivedChunks\":1,"),
                list.body());
        assertFalse(list.body().contains(other), list.body());
        assertEquals(400, client.get("uploads?filename=..").statusCode());
    }

    @Test
    void aPlainUploadOverACompletedFileReplacesItWholeAndNoRecordKeepsTheOldDigest() throws Exception {
        String name = uniqueName();
        sendAll(name, "first", FIRST, List.of(0, 1, 2, 3));
        assertEquals(200, client.complete(name, "first", 4, FIRST.length, Sha256.of(FIRST)).statusCode());
        byte[] plain = RawUploads.randomBytes(CHUNK + 5, 3);
        for (int index = 0; index < 2; index++) {
            assertEquals(200, client.sendChunk(name, index, RawUploads.chunks(plain, CHUNK).get(index)).statusCode());
        }

        assertEquals(Sha256.of(plain), Sha256.of(outputDir.resolve(name)), "no old bytes after the new ones");
        assertFalse(client.status(name, "first").body().contains(Sha256.of(FIRST)), "no record claims the old digest");
    }

    @Test
    void aPlainUploadOverAnOperatorsFileStartsFromAnEmptyFile() throws Exception {
        String name = uniqueName();
        Files.write(outputDir.resolve(name), RawUploads.randomBytes(140_000, 4));
        assertEquals(200, client.sendChunk(name, 0, "ten bytes!".getBytes()).statusCode());
        assertEquals("ten bytes!", Files.readString(outputDir.resolve(name)));
    }

    @Test
    void aChunkBeyondTheDeclaredEndAfterTheCompletionIsNotPartOfTheFile() throws Exception {
        String name = uniqueName();
        sendAll(name, "end", FIRST, List.of(0, 1, 2, 3));
        assertEquals(200, client.complete(name, "end", 4, FIRST.length, Sha256.of(FIRST)).statusCode());
        HttpResponse<String> late = client.sendChunk(name, "end", 4, SECOND, RawUploads.digestOf(SECOND));
        assertTrue(late.statusCode() == 200 && late.body().contains("\"alreadyReceived\":true")
                || late.statusCode() == 409, late.body());
        assertEquals(Sha256.of(FIRST), Sha256.of(outputDir.resolve(name)));
    }

    @Test
    @DisabledIfSystemProperty(named = "indexedcp.it.server", matches = "glassfish", disabledReason = "/openapi is"
            + " MicroProfile OpenAPI's, which a plain Jakarta EE 10 server (GlassFish 7) does not have")
    void openApiDescriptionIsServed() throws Exception {
        HttpResponse<String> openapi = client.get("openapi");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/upload/status"), openapi.body());
        assertTrue(openapi.body().contains("/upload/complete"), openapi.body());
        for (String answer : List.of("InsufficientStorage", "TooMany", "NotFound", "Forbidden", "/me")) {
            assertTrue(openapi.body().contains(answer), answer + " in " + openapi.body());
        }
    }

    private void sendAll(String name, String uploadId, byte[] file, List<Integer> order) throws Exception {
        List<byte[]> chunks = RawUploads.chunks(file, CHUNK);
        for (int index : order) {
            HttpResponse<String> answer = client.sendChunk(name, uploadId, index, chunks.get(index),
                    RawUploads.digestOf(chunks.get(index)));
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    private void leaseVerification(String name, String uploadId, long untilMillis) throws Exception {
        try (Connection db = TrackingDatabases.connect(outputDir);
                PreparedStatement update = db.prepareStatement("""
                        UPDATE upload SET state = 'completing', verifying_until = ?
                        WHERE file_name = ? AND client_upload_id = ?""")) {
            update.setLong(1, untilMillis);
            update.setString(2, name);
            update.setString(3, uploadId);
            assertEquals(1, update.executeUpdate());
        }
    }

    private long chunkRows(String name, String uploadId) throws Exception {
        return count("""
                SELECT COUNT(*) FROM received_chunk c JOIN upload u ON c.upload_id = u.id
                WHERE u.file_name = ? AND u.client_upload_id = ?""", name, uploadId);
    }

    private long uploadRows(String name, String uploadId) throws Exception {
        return count("SELECT COUNT(*) FROM upload WHERE file_name = ? AND client_upload_id = ?", name, uploadId);
    }

    private long count(String sql, String name, String uploadId) throws Exception {
        try (Connection db = TrackingDatabases.connect(outputDir);
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, name);
            query.setString(2, uploadId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String uniqueName() {
        return "v2-" + UUID.randomUUID() + ".bin";
    }
}
