package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.server.config.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracking file deleted or replaced under a running server is noticed, and writes are refused with 503. */
class TrackingFileGuardTest {

    @TempDir
    Path outputDir;

    @Test
    void aDeletedOrReplacedTrackingFileRefusesWritesUntilTheOpenedFileIsBack() throws Exception {
        Path file = outputDir.resolve(ServerSettings.TRACKING_DATABASE_FILE);
        Files.writeString(file, "tracking");
        TrackingFileGuard guard = guardOn(outputDir);
        guard.remember();
        guard.check();

        Path kept = outputDir.resolve("kept");
        Files.move(file, kept);
        StorageUnavailableException refused = assertThrows(StorageUnavailableException.class, guard::check);
        assertEquals(503, refused.status());
        assertTrue(refused.getMessage().contains("missing"), refused.getMessage());

        Files.writeString(file, "a new, empty database");
        assertTrue(guard.problem().orElseThrow().contains("replaced"));

        Files.move(kept, file, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Optional.empty(), guard.problem());
    }

    private static TrackingFileGuard guardOn(Path outputDir) {
        TrackingFileGuard guard = new TrackingFileGuard();
        guard.settings = new ServerSettings() {
            @Override
            public Path outputDirectory() {
                return outputDir;
            }
        };
        return guard;
    }
}
