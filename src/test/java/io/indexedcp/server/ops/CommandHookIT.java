package io.indexedcp.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code INDEXEDCP_ON_COMPLETE} as a command: a shell script that fails its first two runs, then
 * keeps what it was given. It must receive the completion's JSON on standard input and the file's
 * path in {@code INDEXEDCP_FILE}, on the third run, with both failures in the log.
 */
class CommandHookIT {

    private static final String KEY = "command-hook-key";

    @Test
    void theCommandGetsTheJsonAndPathAlthoughItFailedTheFirstTwoTimes() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("metrics-it");
        Files.createDirectories(root);
        Path outputDir = Files.createTempDirectory(root, "command-hook-");
        Path hookDir = Files.createTempDirectory(root, "hook-runs-");
        Path script = hookDir.resolve("on complete.sh");
        Files.writeString(script, """
                n=$(cat "$HOOK_DIR/attempts" 2>/dev/null || echo 0)
                n=$((n + 1))
                echo "$n" > "$HOOK_DIR/attempts"
                if [ "$n" -le 2 ]; then echo "hook script refusing run $n" >&2; exit 3; fi
                cat > "$HOOK_DIR/payload.json.part"
                printf %s "$INDEXEDCP_FILE" > "$HOOK_DIR/file"
                mv "$HOOK_DIR/payload.json.part" "$HOOK_DIR/payload.json"
                """);
        String command = "HOOK_DIR='" + hookDir + "' sh '" + script + "'";
        try (PayaraMicroProcess server = new PayaraMicroProcess(outputDir, KEY,
                Map.of("INDEXEDCP_ON_COMPLETE", command)).start()) {
            RawUploads client = new RawUploads(server.baseUri(), KEY);
            String uploadId = UUID.randomUUID().toString();
            byte[] file = RawUploads.randomBytes(4321, 7);
            assertEquals(200, client.sendChunk("scan me.bin", uploadId, 0, file, RawUploads.digestOf(file)).statusCode());
            assertEquals(200, client.complete("scan me.bin", uploadId, 1, file.length, Sha256.of(file)).statusCode());

            Path payload = hookDir.resolve("payload.json");
            awaitFile(payload, Duration.ofSeconds(60));
            Path published = outputDir.resolve("scan me.bin").toAbsolutePath().normalize();
            assertEquals("{\"event\":\"completed\",\"name\":\"scan me.bin\",\"uploadId\":\"" + uploadId
                    + "\",\"principal\":\"default\",\"size\":4321,\"sha256\":\"" + Sha256.of(file) + "\",\"path\":\""
                    + published + "\"}", Files.readString(payload, StandardCharsets.UTF_8));
            assertEquals(published.toString(), Files.readString(hookDir.resolve("file"), StandardCharsets.UTF_8));
            assertEquals("3", Files.readString(hookDir.resolve("attempts")).strip(), "two failed runs, then one that took it");

            List<String> log = Files.readAllLines(server.log());
            assertEquals(2, log.stream().filter(line -> line.contains("Completion hook (given to the command "
                    + command + ") failed (exit status 3)")).count(), String.join("\n", log));
            assertTrue(log.stream().anyMatch(line -> line.contains("hook script refusing run 2")),
                    "the command's own output is in the server log");
        }
    }

    /** The script writes the payload under another name and renames it: once it exists, it is whole. */
    private static void awaitFile(Path file, Duration bound) throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (!Files.exists(file)) {
            assertTrue(Instant.now().isBefore(deadline), "the hook command did not deliver within " + bound);
            Thread.sleep(100);
        }
    }
}
