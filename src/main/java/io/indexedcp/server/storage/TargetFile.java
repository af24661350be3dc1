package io.indexedcp.server.storage;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file open for placing chunks at their offsets ({@link ChunkStorage#openTarget}), used under
 * the upload's row lock and closed before the lock is let go: one opening for every chunk a commit
 * places, then one sync for all of them.
 */
public interface TargetFile extends Closeable {

    /** Copies a staged chunk in at {@code offset}; NoSuchFileException if the staging file is gone. */
    void copyStaged(String stagedAs, long offset) throws IOException;

    /** Writes a chunk held in memory at {@code offset}. */
    void write(byte[] bytes, long offset) throws IOException;

    /**
     * Writes a chunk held in memory at {@code offset}, for a {@link #force} before the lock is let
     * go: it may go straight to the disk, past the page cache (see {@link DirectIo}).
     */
    void writeThrough(byte[] bytes, long offset) throws IOException;

    /**
     * Cuts the file off at {@code size}, for bytes written past the placed prefix that will not be
     * recorded: they would otherwise stay visible (in a plain upload's file) until overwritten.
     */
    void cutAt(long size) throws IOException;

    /** Makes everything written durable (the name of a file the opening created is durable already). */
    void force() throws IOException;
}
