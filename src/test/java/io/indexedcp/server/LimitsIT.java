package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.DirectorySnapshot;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The limits of issue 14, each answered before a byte of the chunk is written: two servers, because
 * a server below its free-space minimum refuses every chunk. {@code quotas}: 3000 bytes per
 * principal, 2 uploads in progress, the slow-down of failed authentications at its default (20 a
 * minute). {@code scarce}: 0.2 requests per second (a burst of 1) and a free-space minimum of 1 PiB.
 * The principal is {@code default} (the key of INDEXEDCP_API_KEY), whose limits apply as anyone's;
 * a named key of the keys file is tried too, and its checks run once named keys authenticate.
 * Every request comes from 127.0.0.1, so the slow-down, which then refuses everything from there,
 * is tried last on its server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsIT {

    private static final String KEY = "limits-it-key-0123456789";
    private static final String ALICE_KEY = "limits-it-alice-key-0123456789";
    private static final long QUOTA = 3000;

    private static Path quotasDir;
    private static PayaraMicroProcess quotas;
    private static RawUploads client;
    private static Path scarceDir;
    private static PayaraMicroProcess scarce;
    private static RawUploads scarceClient;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("limits-it");
        Files.createDirectories(root);
        Path keys = Files.createTempFile(root, "keys-", ".txt");
        Files.writeString(keys, "# LimitsIT\nalice uploader "
                + Sha256.of(ALICE_KEY.getBytes(StandardCharsets.UTF_8)) + "\n");
        quotasDir = Files.createTempDirectory(root, "quotas-");
        quotas = new PayaraMicroProcess(quotasDir, KEY, Map.of(
                "INDEXEDCP_KEYS_FILE", keys.toString(),
                "INDEXEDCP_QUOTA_BYTES", Long.toString(QUOTA),
                "INDEXEDCP_MAX_UPLOADS_IN_PROGRESS", "2",
                "INDEXEDCP_AUTH_FAILURES_PER_MINUTE", "20")).start();
        client = new RawUploads(quotas.baseUri(), KEY);
        scarceDir = Files.createTempDirectory(root, "scarce-");
        scarce = new PayaraMicroProcess(scarceDir, KEY, Map.of(
                "INDEXEDCP_RATE_LIMIT", "0.2",
                "INDEXEDCP_MIN_FREE_BYTES", "1P")).start();
        scarceClient = new RawUploads(scarce.baseUri(), KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (quotas != null) {
            quotas.stop();
        }
        if (scarce != null) {
            scarce.stop();
        }
    }

    @Test
    @Order(1)
    void overTheQuotaIs413WithTheUseAndNothingIsWritten() throws Exception {
        byte[] file = RawUploads.randomBytes(1500, 1);
        List<byte[]> chunks = RawUploads.chunks(file, 1000);
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(200, v2(client, "done.bin", "d", i, chunks.get(i)).statusCode());
        }
        assertEquals(200, client.complete("done.bin", "d", 2, file.length, Sha256.of(file)).statusCode());
        byte[] open0 = RawUploads.randomBytes(1000, 2);
        assertEquals(200, v2(client, "open.bin", "o", 0, open0).statusCode());
        // Stored: 1500 (a completed file) + 1000 (a chunk of an unfinished upload); 1000 more is over 3000.
        Map<String, String> before = files(quotasDir);
        HttpResponse<String> refused = v2(client, "open.bin", "o", 1, RawUploads.randomBytes(1000, 3));
        assertEquals(413, refused.statusCode(), refused.body());
        assertEquals("{\"error\":\"Quota exceeded: default may store 3000 bytes and has 2500 stored or in"
                + " progress; this chunk of 1000 bytes would take it to 3500; nothing of it was stored\"}",
                refused.body());
        HttpResponse<String> plain = client.sendChunk("plain.bin", 0, RawUploads.randomBytes(501, 4));
        assertEquals(413, plain.statusCode(), "a plain upload's chunk too: " + plain.body());
        assertEquals(before, files(quotasDir), "nothing written, no staging file left");
        assertTrue(client.status("open.bin", "o").body().contains("\"receivedChunks\":[0]"));
        assertTrue(client.status("plain.bin").body().contains("\"receivedChunks\":[]"));

        // A chunk the server already holds is answered as before: it stores nothing more.
        HttpResponse<String> again = v2(client, "open.bin", "o", 0, open0);
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.body().contains("\"alreadyReceived\":true"), again.body());
        // What fits still goes in: 500 more makes exactly 3000.
        assertEquals(200, v2(client, "open.bin", "o", 1, RawUploads.randomBytes(500, 5)).statusCode());
        assertEquals(413, v2(client, "open.bin", "o", 2, new byte[1]).statusCode());
        // Cancelling gives the space back.
        assertEquals(200, client.cancel("open.bin", "o").statusCode());
        assertEquals(200, v2(client, "open.bin", "o2", 0, RawUploads.randomBytes(1500, 6)).statusCode());
        assertEquals(200, client.cancel("open.bin", "o2").statusCode());
    }

    @Test
    @Order(2)
    void aThirdUploadInProgressIs429WithRetryAfterWhileTheTwoGoOn() throws Exception {
        byte[] small = RawUploads.randomBytes(10, 7);
        assertEquals(200, v2(client, "a.bin", "a", 0, small).statusCode());
        assertEquals(200, v2(client, "b.bin", "b", 0, small).statusCode());
        Map<String, String> before = files(quotasDir);
        HttpResponse<String> third = v2(client, "c.bin", "c", 0, small);
        assertEquals(429, third.statusCode(), third.body());
        assertRetryAfter(third, 1, 60);
        assertEquals("{\"error\":\"Too many uploads in progress: default may have 2 unfinished at once; complete or"
                + " cancel one, or retry after 30 s\"}", third.body());
        assertEquals(before, files(quotasDir), "nothing written, no staging file left");
        // The uploads in progress go on; a plain upload has no end and is never "in progress".
        assertEquals(200, v2(client, "a.bin", "a", 1, small).statusCode());
        assertEquals(200, client.sendChunk("plain-c.bin", 0, small).statusCode());
        // Completing one makes room.
        byte[] whole = new byte[20];
        System.arraycopy(small, 0, whole, 0, 10);
        System.arraycopy(small, 0, whole, 10, 10);
        assertEquals(200, client.complete("a.bin", "a", 2, 20, Sha256.of(whole)).statusCode());
        assertEquals(200, v2(client, "c.bin", "c", 0, small).statusCode());
        for (String[] upload : new String[][] {{"b.bin", "b"}, {"c.bin", "c"}}) {
            assertEquals(200, client.cancel(upload[0], upload[1]).statusCode());
        }
    }

    /** Limits are per principal: alice (a named key) has a quota of her own beside default's. */
    @Test
    @Order(3)
    void anotherPrincipalHasAQuotaOfItsOwn() throws Exception {
        RawUploads alice = new RawUploads(quotas.baseUri(), ALICE_KEY);
        assertEquals(200, alice.get("me").statusCode(), "alice's named key authenticates");
        // default holds 1530 bytes by now (done.bin, a.bin, plain-c.bin): 1400 more fit, 100 more then do not.
        assertEquals(200, v2(client, "full.bin", "f", 0, RawUploads.randomBytes(1400, 8)).statusCode());
        assertEquals(413, v2(client, "full.bin", "f", 1, RawUploads.randomBytes(100, 9)).statusCode());
        assertEquals(200, v2(alice, "hers.bin", "h", 0, RawUploads.randomBytes(2900, 10)).statusCode());
        assertEquals(200, client.cancel("full.bin", "f").statusCode());
        assertEquals(200, alice.cancel("hers.bin", "h").statusCode());
    }

    @Test
    @Order(4)
    void repeatedWrongKeysFromOneAddressAreSlowedDownWith429() throws Exception {
        RawUploads stranger = new RawUploads(quotas.baseUri(), "wrong-key");
        Map<String, String> before = files(quotasDir);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> answer = i % 2 == 0
                    ? stranger.sendChunk("x.bin", i, RawUploads.randomBytes(10, i))
                    : stranger.get("uploads");
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                assertRetryAfter(answer, 1, 60);
                assertTrue(answer.body().startsWith("{\"error\":\"Too many failed authentications"), answer.body());
            }
        }
        // 20 failures in the minute from the first: the start-up check's keyless probe and the named-key probe
        // (2 at most) may be among them, or in a minute of their own that ended meanwhile.
        int unauthorized = statuses.indexOf(429);
        assertTrue(unauthorized >= 18 && unauthorized <= 22, "401s before the first 429: " + statuses);
        assertTrue(statuses.subList(0, unauthorized).stream().allMatch(status -> status == 401), statuses.toString());
        assertTrue(statuses.subList(unauthorized, 25).stream().allMatch(status -> status == 429), statuses.toString());

        // Until the minute is over the address gets 429 whatever it sends, the right key included, on every path.
        HttpResponse<String> chunk = client.sendChunk("x.bin", 0, RawUploads.randomBytes(10, 99));
        assertEquals(429, chunk.statusCode(), chunk.body());
        assertRetryAfter(chunk, 1, 60);
        for (String path : List.of("uploads", "upload/status?filename=x.bin", "me", "metrics")) {
            HttpResponse<String> answer = client.get(path);
            assertEquals(429, answer.statusCode(), path + ": " + answer.body());
            assertRetryAfter(answer, 1, 60);
        }
        assertEquals(before, files(quotasDir));
    }

    @Test
    @Order(5)
    void belowTheFreeSpaceMinimumAChunkIs507AndNothingIsWritten() throws Exception {
        Map<String, String> before = files(scarceDir);
        HttpResponse<String> refused = v2(scarceClient, "big.bin", "b", 0, RawUploads.randomBytes(1000, 11));
        assertEquals(507, refused.statusCode(), refused.body());
        assertRetryAfter(refused, 1, 600);
        assertEquals("{\"error\":\"Insufficient storage: the server keeps 1125899906842624 bytes free on its disk and"
                + " this chunk would go below; nothing of it was stored, retry later\"}", refused.body());
        assertEquals(before, files(scarceDir), "nothing written, no staging file left");
    }

    @Test
    @Order(6)
    void overTheRequestRateIs429WithRetryAfterOnEveryPath() throws Exception {
        // 0.2 a second, a burst of 1: the chunk before (a 507) took the token, and the next comes in 5 s.
        // A slow machine may give one back between two requests: ask until refused, a few times at most.
        HttpResponse<String> limited = null;
        for (int i = 0; i < 5 && (limited == null || limited.statusCode() != 429); i++) {
            limited = scarceClient.get("uploads");
        }
        assertEquals(429, limited.statusCode(), limited.body());
        assertRetryAfter(limited, 1, 5);
        assertEquals("{\"error\":\"Rate limit: default may send 0.2 requests per second; retry after "
                + limited.headers().firstValue("Retry-After").orElseThrow() + " s\"}", limited.body());
        Map<String, String> before = files(scarceDir);
        HttpResponse<String> chunk = null;
        for (int i = 0; i < 5 && (chunk == null || chunk.statusCode() != 429); i++) {
            chunk = v2(scarceClient, "big.bin", "b", 0, RawUploads.randomBytes(10, 12));
            assertTrue(chunk.statusCode() == 429 || chunk.statusCode() == 507, chunk.body());
        }
        assertEquals(429, chunk.statusCode(), chunk.body());
        assertRetryAfter(chunk, 1, 5);
        assertTrue(chunk.body().startsWith("{\"error\":\"Rate limit: default"), chunk.body());
        assertEquals(before, files(scarceDir));
    }

    private static HttpResponse<String> v2(RawUploads to, String name, String uploadId, int index, byte[] body)
            throws Exception {
        return to.sendChunk(name, uploadId, index, body, RawUploads.digestOf(body));
    }

    private static void assertRetryAfter(HttpResponse<String> answer, int min, int max) {
        String header = answer.headers().firstValue("Retry-After").orElse(null);
        assertTrue(header != null && header.matches("\\d+"), "Retry-After: " + header);
        int seconds = Integer.parseInt(header);
        assertTrue(seconds >= min && seconds <= max, "Retry-After: " + seconds);
    }

    /**
     * The output directory's files (uploads, staging, owners' folders) with their digests; the
     * tracking database is left out (the expiry job's claims may write it at any time) and read
     * through the status answers instead.
     */
    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> files = DirectorySnapshot.of(dir);
        files.keySet().removeIf(name -> name.startsWith(".indexcp_chunks.db"));
        return files;
    }
}
