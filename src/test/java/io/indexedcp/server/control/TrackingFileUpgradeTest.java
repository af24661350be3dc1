package io.indexedcp.server.control;

import static io.indexedcp.server.control.UploadFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.server.control.PendingChunk.Outcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output directory written by release 0.1 (src/test/resources/tracking-0.1: its tracking file
 * has the tables Hibernate's schema update made and no migration history; two plain uploads, one
 * with a chunk waiting in staging; a completed v2 upload and an unfinished one with a waiting
 * chunk), opened by today's code: the migrations upgrade the file in place, and every upload goes
 * on where it stood.
 */
class TrackingFileUpgradeTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path outputDir;

    @Test
    void aReleaseZeroOneDirectoryIsUpgradedAndItsUploadsGoOn() throws Exception {
        copyRelease01(outputDir);
        UploadFixture uploads = new UploadFixture(outputDir);

        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND type = 'BASELINE'"));
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '2' AND success = 1"));
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM job_lease WHERE name = 'expiry'"));
        assertEquals(4, uploads.rows("SELECT COUNT(*) FROM upload"));

        // Plain upload with chunk 2 waiting: chunk 1 closes the gap, and the waiting chunk follows it into the file.
        assertEquals(Outcome.PLACED, uploads.send(uploads.identity("plain-gap.bin", null), 1, text("BBBBBB"), NOW));
        assertArrayEquals(text("AAAABBBBBBCCC"), uploads.file("plain-gap.bin"));
        assertEquals(Outcome.ALREADY_RECEIVED,
                uploads.send(uploads.identity("plain-done.bin", null), 1, text("BBBBBB"), NOW));

        // v2 upload with chunk 2 waiting: completed now, published under its name.
        assertEquals(Outcome.PLACED, uploads.send(uploads.identity("v2-partial.bin", "u-part"), 1, text("BBBBBB"), NOW));
        CompletionReceipt done = uploads.completions().complete("default",
                new CompletionRequest("v2-partial.bin", "u-part", 3, 13L, sha256(text("AAAABBBBBBCCC"))));
        assertEquals(CompletionReceipt.COMPLETED, done.message());
        assertArrayEquals(text("AAAABBBBBBCCC"), uploads.file("v2-partial.bin"));

        // The upload completed under release 0.1 answers a repeated completion from its record.
        CompletionReceipt again = uploads.completions().complete("default",
                new CompletionRequest("v2-done.bin", "u-done", 2, 10L, sha256(text("AAAABBBBBB"))));
        assertEquals(CompletionReceipt.COMPLETED, again.message());
        assertEquals(0, uploads.staged(".part"), "no staged chunk left behind");

        // Opening the upgraded file again migrates nothing more.
        UploadFixture reopened = new UploadFixture(outputDir);
        assertEquals(6, reopened.rows("SELECT COUNT(*) FROM flyway_schema_history")); // baseline, V2, V3 (hook_delivery), V4 (owner), V5 (unsynced), V6 (lease)
        assertEquals(reopened.rows("SELECT COUNT(*) FROM upload"), reopened.rows("SELECT COUNT(*) FROM upload WHERE owner = 'default'"),
                "every upload of release 0.1 belongs to the default principal");
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void copyRelease01(Path target) throws IOException, URISyntaxException {
        Path source = Path.of(TrackingFileUpgradeTest.class.getResource("/tracking-0.1/.indexcp_chunks.db").toURI())
                .getParent();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }
}
