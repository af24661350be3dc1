package io.indexedcp.server.control;

import io.indexedcp.server.storage.ChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Tells the faults of the disk and of the tracking database, which the client should wait out, from
 * the server's bugs: a full volume is 507, a tracking database that cannot write is 503, both with
 * {@code Retry-After}; anything else passes through unchanged (and ends as a 500 that is a bug).
 */
@ApplicationScoped
public class StorageFaults {

    /** Below this much free space a failed commit is taken for a full disk, whatever its message says. */
    static final long NEARLY_FULL_BYTES = 1024 * 1024;

    @Inject
    ChunkStorage storage;

    /** The exception to answer with for {@code failure}; the caller throws it. */
    public RuntimeException translate(Exception failure) {
        if (failure instanceof UploadRejectedException rejected) {
            return rejected;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toUpperCase(Locale.ROOT);
            if (message.contains("NO SPACE LEFT ON DEVICE") || message.contains("DISK QUOTA EXCEEDED")
                    || message.contains("SQLITE_FULL")) {
                return new InsufficientStorageException();
            }
            if (message.contains("SQLITE_READONLY") || message.contains("SQLITE_IOERR")
                    || message.contains("SQLITE_CANTOPEN") || message.contains("SQLITE_CORRUPT")) {
                return new StorageUnavailableException("the tracking database cannot be written");
            }
            if (cause instanceof java.nio.file.AccessDeniedException || message.contains("READ-ONLY FILE SYSTEM")
                    || message.contains("OPERATION NOT PERMITTED") || message.contains("PERMISSION DENIED")) {
                return new StorageUnavailableException("the output directory cannot be written");
            }
        }
        if (isFailedCommit(failure)) {
            // The transaction manager does not always say why a commit failed: look at the disk.
            return nearlyFull() ? new InsufficientStorageException()
                    : new StorageUnavailableException("the tracking database could not commit");
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return failure instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(failure);
    }

    private static boolean isFailedCommit(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String type = cause.getClass().getName();
            if (type.startsWith("jakarta.transaction.")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the output volume has less than {@link #NEARLY_FULL_BYTES} left. */
    public boolean nearlyFull() {
        try {
            return storage.usableSpace() < NEARLY_FULL_BYTES;
        } catch (IOException e) {
            return false;
        }
    }
}
