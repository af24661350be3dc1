package io.indexedcp.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Clients' mistakes of every kind, several of each: the server logs one INFO line per status on the
 * logger {@code io.indexedcp.refused} (the rest of the minute is only counted), never a SEVERE record,
 * and never the key a client sent.
 */
class RefusalLogIT {

    private static final String KEY = "refusal-log-key";
    private static final String WRONG_KEY = "wrong-key-that-must-not-be-logged";
    private static final Pattern RECORD_START = Pattern.compile("^\\[\\d{4}-");
    /** Payara Micro colours the level and logger names with ANSI escapes. */
    private static final Pattern COLOUR = Pattern.compile("\u001B\\[[;\\d]*m");

    @Test
    void eachKindOfRefusalIsLoggedOnceAtInfoAndNothingIsSevere() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("metrics-it");
        Files.createDirectories(root);
        try (PayaraMicroProcess server = new PayaraMicroProcess(Files.createTempDirectory(root, "refusals-"), KEY,
                Map.of()).start()) {
            URI base = server.baseUri();
            RawUploads client = new RawUploads(base, KEY);
            RawUploads stranger = new RawUploads(base, WRONG_KEY);
            byte[] body = RawUploads.randomBytes(100, 1);

            assertEquals(401, stranger.sendChunk("a.bin", 0, body).statusCode());
            assertEquals(401, stranger.sendChunk("a.bin", 1, body).statusCode());
            assertEquals(401, stranger.get("metrics").statusCode());
            assertEquals(400, client.send(chunk(base, "a.bin", "not-a-number", "application/octet-stream")).statusCode());
            assertEquals(400, client.send(chunk(base, "..", "0", "application/octet-stream")).statusCode());
            assertEquals(400, client.send(chunk(base, "a.bin", "0", ";;;")).statusCode());
            assertEquals(400, client.send(HttpRequest.newBuilder(base.resolve("upload/complete"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{not json"))).statusCode());
            assertEquals(404, client.get("no/such/path").statusCode());
            assertEquals(404, client.get("WEB-INF/web.xml").statusCode());
            assertEquals(405, client.send(HttpRequest.newBuilder(base.resolve("upload/status?filename=a.bin"))
                    .header("Authorization", "Bearer " + KEY).PUT(HttpRequest.BodyPublishers.noBody())).statusCode());

            List<String> records = awaitRefusalLines(server.log(), new int[] {401, 400, 404, 405});
            for (int status : new int[] {401, 400, 404, 405}) {
                List<String> lines = records.stream().filter(r -> r.contains("with " + status + ": ")
                        && r.contains("io.indexedcp.refused")).toList();
                assertEquals(1, lines.size(), "one line for " + status + " in its minute: " + lines);
                assertTrue(lines.get(0).contains("[INFO]"), lines.get(0));
            }
            // The first 401 may be the start-up check's (it asks without a key); the first 400 is ours.
            assertTrue(records.stream().anyMatch(r -> r.contains("Refused POST /upload from 127.0.0.1 with 400: ")),
                    String.join("\n", records));
            List<String> severe = records.stream().filter(r -> r.contains("[SEVERE]")).toList();
            assertEquals(List.of(), severe, "a client's mistake is never SEVERE");
            assertFalse(String.join("\n", records).contains(WRONG_KEY), "a key sent is never logged");
        }
    }

    /**
     * The log's records once a line for every status is there: Payara writes its log from a queue, so
     * a record appears a little after it was logged, in order (with the last status's line, the
     * records of every request before it are there too). Bounded.
     */
    private static List<String> awaitRefusalLines(Path log, int[] statuses) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<String> records = records(log);
            boolean all = true;
            for (int status : statuses) {
                all &= records.stream().anyMatch(r -> r.contains("io.indexedcp.refused") && r.contains("with " + status + ": "));
            }
            if (all) {
                return records;
            }
            assertTrue(Instant.now().isBefore(deadline), "no refusal lines for all of " + java.util.Arrays.toString(statuses)
                    + " within 30 s:\n" + String.join("\n", records));
            Thread.sleep(100);
        }
    }

    private static HttpRequest.Builder chunk(URI base, String name, String index, String contentType) {
        return HttpRequest.newBuilder(base.resolve("upload"))
                .header("Authorization", "Bearer " + KEY)
                .header("X-File-Name", name)
                .header("X-Chunk-Index", index)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("x"));
    }

    /** The server log cut into records, without colours: a record starts with {@code [<timestamp>]} and may span lines. */
    private static List<String> records(Path log) throws Exception {
        List<String> records = new ArrayList<>();
        StringBuilder current = null;
        for (String coloured : Files.readAllLines(log)) {
            String line = COLOUR.matcher(coloured).replaceAll("");
            if (RECORD_START.matcher(line).find()) {
                if (current != null) {
                    records.add(current.toString());
                }
                current = new StringBuilder(line);
            } else if (current != null) {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            records.add(current.toString());
        }
        return records;
    }
}
