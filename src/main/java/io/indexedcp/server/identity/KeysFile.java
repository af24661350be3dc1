package io.indexedcp.server.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The keys file as last read, re-read when it changes so that adding or removing a caller needs no
 * restart. Looking costs a {@code stat} at most once per {@link #CHECK_EVERY}, done by whichever
 * request comes first (the others go on with the entries they have, they never wait); the file is
 * read again only when its size, modification time or identity (an editor's save-by-rename makes a
 * new file) differ. A file that is gone or cannot be read keeps the last good entries — a
 * half-finished edit must not lock everyone out — and says so once, not on every request.
 */
final class KeysFile {

    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(KeysFile.class.getName());

    /** What a change of the file shows in its attributes. */
    private record Stamp(long size, FileTime modified, Object fileKey) {
    }

    /** Entries and the stamp of the file they were read from: replaced whole, never changed. */
    private record Snapshot(List<KeyLines.Entry> entries, Stamp stamp) {
    }

    private final Path file;
    private final Clock clock;
    private final AtomicLong nextCheckMillis = new AtomicLong(Long.MIN_VALUE);
    private volatile Snapshot current = new Snapshot(List.of(), null);
    /** Whether the last attempt failed and said so already. */
    private volatile boolean complained;

    KeysFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The entries as of the last check, checking first if one is due. */
    List<KeyLines.Entry> entries() {
        long now = clock.millis();
        long due = nextCheckMillis.get();
        if (now >= due && nextCheckMillis.compareAndSet(due, now + CHECK_EVERY.toMillis())) {
            refresh();
        }
        return current.entries();
    }

    private void refresh() {
        Stamp stamp;
        List<String> lines;
        try {
            stamp = stamp();
            if (stamp.equals(current.stamp())) {
                return;
            }
            // Stamped before reading: if it changes while being read, the next check sees a new stamp and reads again.
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (!complained) {
                complained = true;
                LOG.warning(() -> "Cannot read the keys file " + file + " (" + e + "); keeping the "
                        + current.entries().size() + " caller(s) read before");
            }
            return;
        }
        List<KeyLines.Entry> entries = KeyLines.parse(lines, file.toString());
        current = new Snapshot(entries, stamp);
        complained = false;
        LOG.info(() -> "Keys file " + file + " read: " + entries.size() + " caller(s)");
    }

    private Stamp stamp() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.size(), attributes.lastModifiedTime(), Objects.requireNonNullElse(attributes.fileKey(), ""));
    }
}
