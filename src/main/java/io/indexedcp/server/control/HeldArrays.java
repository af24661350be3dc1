package io.indexedcp.server.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The arrays that large chunk bodies are held in ({@link ChunkBodies}), reused. A 1 MiB array (the
 * client's default chunk) is a humongous object for G1 at this server's heap size: each one is
 * allocated outside the young generation, and a stream of them starts a collection every few dozen
 * chunks and grows the heap. Measured on a warm server taking 1 MiB chunks over one connection:
 * 52 young collections per GiB, 4–5 % of the wall time.
 *
 * <p>Arrays are reused only at their exact length (a held body's size is its array's length), most
 * recently returned first; clients cut files into chunks of one size, so all but a file's last
 * chunk find one. The arrays kept here total at most {@code maxBytes}; one that does not fit pushes
 * out the least recently returned. An array is returned only once nothing reads it any more: after
 * its chunk was answered.
 */
final class HeldArrays {

    /**
     * Smaller bodies get new arrays: they are cheap to allocate, and one of up to
     * {@link UploadTransactions#UNSYNCED_CHUNK_MAX} may be bound into its row.
     */
    static final int REUSED_FROM = UploadTransactions.UNSYNCED_CHUNK_MAX + 1;

    private final long maxBytes;
    private final Deque<byte[]> free = new ArrayDeque<>();
    private long freeBytes;

    HeldArrays(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** An array of exactly {@code length} bytes; its content is whatever it held before. */
    byte[] take(int length) {
        if (length >= REUSED_FROM) {
            synchronized (this) {
                for (Iterator<byte[]> arrays = free.iterator(); arrays.hasNext(); ) {
                    byte[] array = arrays.next();
                    if (array.length == length) {
                        arrays.remove();
                        freeBytes -= length;
                        return array;
                    }
                }
            }
        }
        return new byte[length];
    }

    /** Gives back an array of {@link #take}, which the caller no longer uses. */
    void give(byte[] array) {
        if (array.length < REUSED_FROM || array.length > maxBytes) {
            return;
        }
        synchronized (this) {
            while (freeBytes + array.length > maxBytes) {
                freeBytes -= free.removeLast().length;
            }
            free.addFirst(array);
            freeBytes += array.length;
        }
    }

    /** Bytes in the arrays kept for reuse. */
    synchronized long keptBytes() {
        return freeBytes;
    }
}
