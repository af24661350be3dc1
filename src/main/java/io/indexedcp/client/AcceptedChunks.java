package io.indexedcp.client;

import io.indexedcp.client.buffer.ChunkBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The chunks of one file the server has accepted and whose rows are still to leave the buffer.
 *
 * <p>While the file is being read in, the reading thread drops them in its next chunk's transaction
 * (one commit per chunk instead of two, and the senders never wait for the buffer). Once nothing
 * more is read, there is no next transaction: each sender drops its own row at once. Before that
 * change the rows accepted after the last read waited until every chunk in flight had finished,
 * so after a kill in that phase {@code ls} counted as left chunks the server already held (up to
 * the whole window, and the whole file for one of a few chunks).
 */
final class AcceptedChunks {

    private final ChunkBuffer buffer;
    private final long fileId;
    private final Queue<Integer> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean readingDone;

    AcceptedChunks(ChunkBuffer buffer, long fileId) {
        this.buffer = buffer;
        this.fileId = fileId;
    }

    /** A sender's chunk was accepted. Queued first, then dropped here if no reader will: no row is missed. */
    void accepted(int index) {
        queue.add(index);
        if (readingDone) {
            buffer.removeChunks(fileId, drain());
        }
    }

    /** For the reading thread: the accepted chunks to drop in its next transaction. */
    List<Integer> drain() {
        List<Integer> drained = new ArrayList<>();
        for (Integer index; (index = queue.poll()) != null; ) {
            drained.add(index);
        }
        return drained;
    }

    /** Nothing more will be read: what is queued leaves now, and every later acceptance at once. */
    void readingDone() {
        readingDone = true;
        buffer.removeChunks(fileId, drain());
    }
}
