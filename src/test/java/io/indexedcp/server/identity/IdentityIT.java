package io.indexedcp.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.DirectorySnapshot;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many callers on one server (issue 14), on a real Payara Micro with the WAR: two uploaders, an
 * admin and a reader by named key, an uploader and an admin by JWT from a test-made identity
 * provider, and the {@code default} key of the old clients. Each sees only its own uploads, cannot
 * touch anyone else's (404, nothing changed on disk), the admin sees and cancels everyone's, the
 * reader only looks; forged and stale tokens are refused; the audit log says who did what from
 * where and never holds a key or a token.
 */
class IdentityIT {

    private static final String DEFAULT_KEY = "identity-default-key";
    private static final String ISSUER = "https://idp.indexedcp.test/realms/intranet";
    private static final Map<String, String> KEYS = Map.of(
            "alice", "alice-key-0123456789", "bob", "bob-key-0123456789",
            "ops", "ops-key-0123456789", "rita", "rita-key-0123456789");

    private static Path outputDir;
    private static Path keysFile;
    private static TestIdentityProvider tokens;
    private static PayaraMicroProcess server;
    private static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("identity-it");
        Files.createDirectories(root);
        outputDir = Files.createTempDirectory(root, "uploads-");
        Path config = Files.createTempDirectory(root, "config-");
        keysFile = config.resolve("keys");
        Files.writeString(keysFile, """
                # principal role sha256-of-key
                alice uploader %s
                bob   uploader %s
                ops   admin    %s
                rita  reader   %s
                """.formatted(sha256(KEYS.get("alice")), sha256(KEYS.get("bob")), sha256(KEYS.get("ops")),
                sha256(KEYS.get("rita"))));
        tokens = new TestIdentityProvider(ISSUER);
        Path publicKey = tokens.writePublicKey(config.resolve("idp-public.pem"));
        secrets.add(DEFAULT_KEY);
        secrets.addAll(KEYS.values());
        // The MicroProfile JWT settings as environment variables, as the README shows them.
        server = new PayaraMicroProcess(outputDir, DEFAULT_KEY, Map.of("INDEXEDCP_KEYS_FILE", keysFile.toString(),
                "mp_jwt_verify_issuer", ISSUER, "mp_jwt_verify_publickey_location", publicKey.toString()))
                .start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyCallerIsWhoItsKeyOrTokenSays() throws Exception {
        assertEquals(me("default", "admin"), me(as(DEFAULT_KEY)));
        assertEquals(me("alice", "uploader"), me(as(KEYS.get("alice"))));
        assertEquals(me("ops", "admin"), me(as(KEYS.get("ops"))));
        assertEquals(me("rita", "reader"), me(as(KEYS.get("rita"))));
        assertEquals(me("carol", "uploader"), me(as(token("carol", "uploader"))));
        assertEquals(me("dana", "admin"), me(as(token("dana", "staff", "admin"))));
        assertEquals(401, as("not-a-key").get("me").statusCode());
    }

    @Test
    void staleForgedAndForeignTokensAre401() throws Exception {
        for (String refused : List.of(keep(tokens.expired("carol", "uploader")),
                keep(tokens.fromIssuer("https://evil.test/", "carol", "uploader")),
                keep(tokens.signedByAnotherKey("carol", "uploader")),
                keep(tokens.unsigned("carol", "admin")),
                token("carol"))) { // valid, but no IndexedCP role
            HttpResponse<String> answer = as(refused).get("me");
            assertEquals(401, answer.statusCode(), refused);
            assertTrue(answer.body().contains("\"error\""), answer.body());
            byte[] chunk = "forged".getBytes(StandardCharsets.UTF_8);
            assertEquals(401, as(refused).sendChunk("forged.bin", 0, chunk).statusCode());
        }
        assertFalse(Files.exists(outputDir.resolve("carol")), "no refused token wrote anything");
    }

    @Test
    void twoUploadersSendingOneNameNeverTouchEachOthersBytes() throws Exception {
        byte[] alices = RawUploads.randomBytes(70_000, 1);
        byte[] bobs = RawUploads.randomBytes(50_000, 2);
        byte[] defaults = RawUploads.randomBytes(30_000, 3);
        byte[] carols = RawUploads.randomBytes(20_000, 4);
        sendPlain(as(KEYS.get("alice")), "report.bin", alices);
        sendPlain(as(KEYS.get("bob")), "report.bin", bobs);
        sendPlain(as(DEFAULT_KEY), "report.bin", defaults);
        sendV2(as(token("carol", "uploader")), "report.bin", "c-1", carols);

        assertEquals(Sha256.of(alices), Sha256.of(outputDir.resolve("alice/report.bin")));
        assertEquals(Sha256.of(bobs), Sha256.of(outputDir.resolve("bob/report.bin")));
        assertEquals(Sha256.of(defaults), Sha256.of(outputDir.resolve("report.bin")), "the default key keeps today's layout");
        assertEquals(Sha256.of(carols), Sha256.of(outputDir.resolve("carol/report.bin")));
        // Each one's status is its own: alice's two chunks, bob's one.
        assertTrue(as(KEYS.get("alice")).status("report.bin").body().contains("\"receivedChunks\":[0,1]"));
        assertTrue(as(KEYS.get("bob")).status("report.bin").body().contains("\"receivedChunks\":[0]"));
    }

    @Test
    void anotherUploadersUploadIs404EverywhereAndNothingChanges() throws Exception {
        RawUploads alice = as(KEYS.get("alice"));
        RawUploads bob = as(KEYS.get("bob"));
        byte[] first = RawUploads.randomBytes(40_000, 5);
        assertEquals(200, alice.sendChunk("secret.bin", "s-1", 0, first, RawUploads.digestOf(first)).statusCode());
        Map<String, String> before = DirectorySnapshot.of(outputDir);

        assertEquals(404, bob.get("upload/status?filename=secret.bin&uploadId=s-1&owner=alice").statusCode());
        assertEquals(404, bob.complete("secret.bin", "s-1", 1, first.length, Sha256.of(first)).statusCode());
        assertEquals(404, bob.cancel("secret.bin", "s-1").statusCode());
        assertEquals(404, bob.send(HttpRequest.newBuilder(server.baseUri().resolve(
                "upload?filename=secret.bin&uploadId=s-1&owner=alice"))
                .header("Authorization", "Bearer " + KEYS.get("bob")).DELETE()).statusCode());
        assertEquals(404, bob.get("uploads?owner=alice").statusCode());
        // Bob's own view of the name is that of a name nobody sent: nothing received, nothing revealed.
        assertEquals(as(KEYS.get("bob")).status("never-sent.bin", "s-1").body().replace("never-sent.bin", "secret.bin"),
                bob.status("secret.bin", "s-1").body());
        assertFalse(bob.get("uploads").body().contains("secret.bin"), "bob's listing holds only bob's uploads");
        assertEquals(before, DirectorySnapshot.of(outputDir), "nothing on disk changed");

        // Alice's upload is intact and hers to finish.
        assertTrue(alice.status("secret.bin", "s-1").body().contains("\"receivedChunks\":[0]"));
        assertEquals(200, alice.complete("secret.bin", "s-1", 1, first.length, Sha256.of(first)).statusCode());
        assertEquals(Sha256.of(first), Sha256.of(outputDir.resolve("alice/secret.bin")));
    }

    @Test
    void anAdminSeesAndCancelsEveryonesUploads() throws Exception {
        RawUploads bob = as(KEYS.get("bob"));
        byte[] chunk = RawUploads.randomBytes(10_000, 6);
        assertEquals(200, bob.sendChunk("unwanted.bin", "u-9", 0, chunk, RawUploads.digestOf(chunk)).statusCode());

        for (RawUploads admin : List.of(as(KEYS.get("ops")), as(token("dana", "admin")))) {
            JsonArray everyone = uploads(admin.get("uploads"));
            assertTrue(everyone.stream().map(JsonObject.class::cast)
                    .anyMatch(u -> "unwanted.bin".equals(u.getString("filename")) && "bob".equals(u.getString("owner"))),
                    everyone.toString());
            assertTrue(admin.get("upload/status?filename=unwanted.bin&uploadId=u-9&owner=bob").body()
                    .contains("\"receivedChunks\":[0]"));
        }
        JsonArray bobsOnly = uploads(as(KEYS.get("ops")).get("uploads?owner=bob"));
        assertTrue(bobsOnly.stream().map(JsonObject.class::cast).allMatch(u -> "bob".equals(u.getString("owner"))));

        HttpResponse<String> cancelled = as(KEYS.get("ops")).send(HttpRequest.newBuilder(server.baseUri().resolve(
                "upload?filename=unwanted.bin&uploadId=u-9&owner=bob"))
                .header("Authorization", "Bearer " + KEYS.get("ops")).DELETE());
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertTrue(bob.status("unwanted.bin", "u-9").body().contains("\"receivedChunks\":[]"), "gone for bob too");
        awaitLogLine("\"event\":\"cancelled\"", "\"principal\":\"bob\"", "\"by\":\"ops\"");
    }

    @Test
    void aReaderLooksButChangesNothing() throws Exception {
        RawUploads rita = as(KEYS.get("rita"));
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        HttpResponse<String> refused = rita.sendChunk("notes.bin", 0, "x".repeat(5000).getBytes(StandardCharsets.UTF_8));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"error\""));
        assertEquals(403, rita.complete("notes.bin", "r-1", 1, 1, "0".repeat(64)).statusCode());
        assertEquals(403, rita.cancel("notes.bin", "r-1").statusCode());
        assertEquals(200, rita.get("uploads").statusCode());
        assertEquals(200, rita.status("notes.bin").statusCode());
        assertEquals(before, DirectorySnapshot.of(outputDir), "nothing on disk changed");
        awaitLogLine("\"event\":\"refused\"", "\"status\":403", "\"principal\":\"rita\"");
    }

    @Test
    void aKeyAddedToTheFileWorksWithoutARestart() throws Exception {
        String erinsKey = keep("erin-key-0123456789");
        assertEquals(401, as(erinsKey).get("me").statusCode());
        Files.writeString(keysFile, Files.readString(keysFile) + "erin uploader " + sha256(erinsKey) + "\n");
        // The change is seen by its modification time: make it plainly newer than the first read.
        Files.setLastModifiedTime(keysFile, FileTime.from(Instant.now().plusSeconds(5)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (as(erinsKey).get("me").statusCode() != 200 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        assertEquals(me("erin", "uploader"), me(as(erinsKey)));
    }

    @Test
    void theAuditLogSaysWhoDidWhatFromWhereAndHoldsNoSecret() throws Exception {
        byte[] file = RawUploads.randomBytes(12_345, 7);
        sendV2(as(KEYS.get("alice")), "audited.bin", "a-1", file);
        assertEquals(401, as("wrong-key-for-audit").get("uploads").statusCode());
        awaitLogLine("\"event\":\"started\"", "\"name\":\"audited.bin\"", "\"principal\":\"alice\"", "\"remote\":\"127.0.0.1\"");
        awaitLogLine("\"event\":\"completed\"", "\"name\":\"audited.bin\"", "\"principal\":\"alice\"",
                "\"size\":12345", "\"sha256\":\"" + Sha256.of(file) + "\"");
        awaitLogLine("\"event\":\"refused\"", "\"status\":401", "\"remote\":\"127.0.0.1\"");
        String log = Files.readString(server.log());
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "a key or token in the log: " + secret.substring(0, 8) + "…");
        }
        assertFalse(log.contains(sha256(KEYS.get("alice"))), "not even a key's hash");
    }

    // --- helpers -------------------------------------------------------------------------------

    private static RawUploads as(String credential) {
        return new RawUploads(server.baseUri(), credential);
    }

    private static String token(String user, String... groups) throws Exception {
        return keep(tokens.token(user, groups));
    }

    /** Remembers a credential, so that the audit test can make sure none reached the log. */
    private static String keep(String secret) {
        secrets.add(secret);
        return secret;
    }

    private static String me(String principal, String role) {
        return principal + "/" + role;
    }

    private static String me(RawUploads client) throws Exception {
        HttpResponse<String> answer = client.get("me");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject me = Json.createReader(new StringReader(answer.body())).readObject();
        return me(me.getString("principal"), me.getString("role"));
    }

    private static JsonArray uploads(HttpResponse<String> answer) {
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.createReader(new StringReader(answer.body())).readObject().getJsonArray("uploads");
    }

    private static void sendPlain(RawUploads client, String name, byte[] data) throws Exception {
        List<byte[]> chunks = RawUploads.chunks(data, 64 * 1024);
        for (int i = 0; i < chunks.size(); i++) {
            HttpResponse<String> answer = client.sendChunk(name, i, chunks.get(i));
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    private static void sendV2(RawUploads client, String name, String uploadId, byte[] data) throws Exception {
        List<byte[]> chunks = RawUploads.chunks(data, 64 * 1024);
        for (int i = 0; i < chunks.size(); i++) {
            byte[] chunk = chunks.get(i);
            assertEquals(200, client.sendChunk(name, uploadId, i, chunk, RawUploads.digestOf(chunk)).statusCode());
        }
        HttpResponse<String> done = client.complete(name, uploadId, chunks.size(), data.length, Sha256.of(data));
        assertEquals(200, done.statusCode(), done.body());
    }

    /** Waits (bounded) for one line of the server's log to hold every fragment: Payara writes its log asynchronously. */
    private static void awaitLogLine(String... fragments) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (String line : Files.readAllLines(server.log())) {
                if (line.contains("io.indexedcp.audit") || line.contains("\"event\"")) {
                    boolean all = true;
                    for (String fragment : fragments) {
                        all &= line.contains(fragment);
                    }
                    if (all) {
                        return;
                    }
                }
            }
            assertTrue(System.nanoTime() < deadline, "no audit line with " + List.of(fragments));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
