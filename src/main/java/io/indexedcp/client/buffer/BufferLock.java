package io.indexedcp.client.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per buffer at a time, across processes: an OS file lock on {@code <buffer>.lock} beside
 * the database, held for the whole of an add, upload, flush or clear.
 *
 * <p>Why: SQLite serialises single statements, not the steps of an upload. Without this, a second
 * {@code indexedcp upload} of a file replaced the first one's row while the first was still
 * appending chunks to it (a primary-key collision), and two flushes sent the same chunks and
 * completed the same upload twice. Reading the buffer ({@code ls}, {@code status}) takes no lock.
 *
 * <p>The OS releases the lock when its process ends, however it ends ({@code kill -9} too), so a
 * crashed upload never leaves the buffer locked; the lock file itself stays, empty, and is reused.
 * Within one JVM the OS lock cannot be taken twice (the JVM refuses an overlapping lock), and closing
 * any channel of the file may release the JVM's lock on it, so clients in the same JVM are kept
 * apart by {@link #HELD_HERE} before a second channel is ever opened.
 */
public final class BufferLock implements AutoCloseable {

    /** How often a waiting client tries again: short against the wait, long against a busy loop. */
    static final Duration POLL = Duration.ofMillis(50);

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private BufferLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the buffer {@code databaseFile}, trying again until {@code wait} has passed.
     *
     * @throws BufferBusyException if another process (or another client in this one) still holds it then
     */
    static BufferLock acquire(Path databaseFile, Duration wait) {
        Path key = canonical(databaseFile);
        Path lockFile = key.resolveSibling(key.getFileName() + ".lock");
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            boolean heldInThisJvm = !HELD_HERE.add(key);
            if (!heldInThisJvm) {
                BufferLock taken = tryLock(key, lockFile);
                if (taken != null) {
                    return taken;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BufferBusyException(databaseFile.toAbsolutePath(), heldInThisJvm, wait);
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BufferException("interrupted while waiting for the buffer " + key, e);
            }
        }
    }

    /**
     * With {@code key} registered in {@link #HELD_HERE}: the OS lock, or null (and the key released)
     * if another process holds it.
     */
    private static BufferLock tryLock(Path key, Path lockFile) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new BufferLock(key, channel, lock);
            }
            channel.close();
            HELD_HERE.remove(key);
            return null;
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(key);
            closeQuietly(channel);
            throw new BufferException("cannot lock the buffer " + key + " (" + lockFile + "): " + e.getMessage(), e);
        }
    }

    /** The real path when the database exists, so that two names of one file share one lock. */
    private static Path canonical(Path databaseFile) {
        Path absolute = databaseFile.toAbsolutePath().normalize();
        try {
            return Files.exists(absolute) ? absolute.toRealPath() : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing releases the lock, if any; nothing else to undo.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it all the same.
        } finally {
            closeQuietly(channel);
            HELD_HERE.remove(key);
        }
    }
}
