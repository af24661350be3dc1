package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * A server started without {@code INDEXEDCP_API_KEY} makes its key once, keeps it owner-only in the
 * output directory, and takes the same key after a restart: clients are not re-keyed.
 */
class ApiKeyFileIT {

    @Test
    void theGeneratedKeyIsKeptOwnerOnlyAndSurvivesARestart() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("api-key-it");
        Files.createDirectories(root);
        Path outputDir = Files.createTempDirectory(root, "uploads-");
        Path keyFile = outputDir.resolve(".indexcp_api_key");
        byte[] chunk = RawUploads.randomBytes(1000, 5);

        PayaraMicroProcess first = new PayaraMicroProcess(outputDir, null).start();
        String key;
        try {
            key = Files.readString(keyFile).strip();
            assertEquals(64, key.length(), "a 256-bit key in hex");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            assertEquals(200, new RawUploads(first.baseUri(), key).sendChunk("keyed.bin", 0, chunk).statusCode());
            assertEquals(401, new RawUploads(first.baseUri(), "another-key").status("keyed.bin").statusCode());
            assertTrue(Files.readString(first.log()).contains("API key generated now and kept in " + keyFile));
        } finally {
            first.stop();
        }

        PayaraMicroProcess second = new PayaraMicroProcess(outputDir, null).start();
        try {
            assertEquals(key, Files.readString(keyFile).strip(), "the file is not rewritten");
            assertTrue(new RawUploads(second.baseUri(), key).status("keyed.bin").body().contains("[0]"),
                    "the old key still works after the restart");
            assertTrue(Files.readString(second.log()).contains("API key kept in " + keyFile));
        } finally {
            second.stop();
        }
    }
}
