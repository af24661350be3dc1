package io.indexedcp.server.control;

import io.indexedcp.server.config.ServerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Notices when the SQLite tracking file is deleted, replaced or made unwritable under the running
 * server. Open connections would go on writing into an unlinked file, acknowledging chunks that the
 * next start cannot see; instead, writes are refused (503) and readiness goes down until the file
 * that was opened is back and writable, or an operator restarts the server on purpose.
 */
@ApplicationScoped
public class TrackingFileGuard {

    private static final Logger LOG = Logger.getLogger(TrackingFileGuard.class.getName());

    @Inject
    ServerSettings settings;

    private volatile Object openedFile;
    private volatile boolean reported;

    /** Remembers the identity (device and inode) of the tracking file as the server opened it. */
    public void remember() {
        openedFile = identity(settings.trackingDatabaseFile()).orElse(null);
    }

    /** What is wrong with the tracking file, or empty when writes can go ahead. */
    public Optional<String> problem() {
        Object expected = openedFile;
        if (expected == null) {
            return Optional.empty();
        }
        Path file = settings.trackingDatabaseFile();
        Optional<Object> now = identity(file);
        if (now.isEmpty()) {
            return Optional.of("the tracking database file " + file.getFileName() + " is missing");
        }
        if (!now.get().equals(expected)) {
            return Optional.of("the tracking database file " + file.getFileName() + " was replaced");
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (!Files.isWritable(file) || (Files.exists(wal) && !Files.isWritable(wal))) {
            return Optional.of("the tracking database file " + file.getFileName() + " is not writable");
        }
        return Optional.empty();
    }

    /** Throws {@link StorageUnavailableException} when {@link #problem()} finds one. */
    public void check() {
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            if (!reported) {
                reported = true;
                LOG.severe(() -> problem.get() + " under the running server: refusing writes until it is restored"
                        + " (or restart the server to start a new, empty tracking database)");
            }
            throw new StorageUnavailableException(problem.get());
        }
        reported = false;
    }

    private static Optional<Object> identity(Path file) {
        try {
            return Optional.ofNullable(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (IOException gone) {
            return Optional.empty();
        }
    }
}
