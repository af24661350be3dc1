package io.indexedcp.server.control;

import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: chunks that arrive while a commit is running are committed together in the next
 * one, so that concurrent requests share one file sync per upload and one database commit instead
 * of queueing for a sync each. Nothing is acknowledged before the commit that records it.
 *
 * <p>There is no writer thread: the request threads take turns at a lock, and whichever holds it
 * commits everything queued so far (its own chunk among it), while the others wait for their turn
 * and usually find their chunk already settled. The lock only gathers batches in this JVM; what
 * keeps two writers (in this or another server instance) apart is the upload's row lock that
 * every batch takes in {@link UploadTransactions#commitBatch}.
 *
 * <p>Once a chunk's batch is committed its outcome is final: what follows (deleting placed staging
 * files, placing runs the batch cut short) is best-effort and can never fail the chunk, and happens
 * after the turn is passed on, so that the next batch does not wait for it.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

    /** Chunks per commit at most, so that one batch does not hold the database's write lock for long. */
    static final int MAX_BATCH = 64;

    /** Remembered placed prefixes, by upload key, at most this many (then forgotten all at once). */
    static final int MAX_HINTS = 10_000;

    private final Queue<PendingChunk> queue = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> placedHints = new ConcurrentHashMap<>();
    /** Chunks offered by this server's requests and not yet answered, by upload key and index. */
    private final Set<Offered> offered = ConcurrentHashMap.newKeySet();
    /** Chunks whose bodies this server's requests are reading (not yet offered, or offered and not answered). */
    private final Set<Offered> arriving = ConcurrentHashMap.newKeySet();
    /** Notified whenever a chunk is offered or its request ends. */
    private final Object offers = new Object();
    private final ReentrantLock turn = new ReentrantLock();

    @Inject
    UploadTransactions transactions;

    @Inject
    ChunkPlacer placer;

    @Inject
    FileCleanup cleanup;

    @Inject
    TrackingFileGuard trackingFile;

    @Inject
    UploadMetrics metrics;

    /**
     * The upload's placed prefix (in chunks) as this server last committed it, or -1 if unknown: a
     * hint for guessing whether a chunk will wait, never for deciding anything (another instance,
     * or a cancel, may have moved it since).
     */
    int placedHint(String uploadKey) {
        return placedHints.getOrDefault(uploadKey, -1);
    }

    /**
     * Whether this server has the chunk before {@code chunkIndex} in hand (offered, not yet
     * answered): then this one will most likely be placed right after it, not wait. A guess, like
     * {@link #placedHint}.
     */
    boolean predecessorOffered(String uploadKey, int chunkIndex) {
        return offered.contains(new Offered(uploadKey, chunkIndex - 1));
    }

    private record Offered(String uploadKey, int chunkIndex) {
    }

    /** A chunk whose body a request is reading; closed when the request is answered. */
    @FunctionalInterface
    interface Arrival extends AutoCloseable {
        @Override
        void close();
    }

    /** Notes that this server is reading the body of that chunk, until the arrival is closed. */
    Arrival arriving(String uploadKey, int chunkIndex) {
        Offered mine = new Offered(uploadKey, chunkIndex);
        if (!arriving.add(mine)) {
            return () -> { }; // a duplicate in flight: the first one's arrival stands for both
        }
        return () -> {
            arriving.remove(mine);
            notifyOffers();
        };
    }

    /**
     * Waits, at most {@code maxWait}, while the body of the chunk before {@code chunkIndex} is still
     * arriving on this server: several connections sending one file deliver its chunks nearly in
     * order, and a chunk offered together with (or after) the one before it is placed straight into
     * the file, where offered first it would have to be staged, synced and copied later. Only a
     * question of speed: nothing depends on the wait or its outcome.
     */
    void awaitPredecessor(String uploadKey, int chunkIndex, Duration maxWait) throws InterruptedException {
        Offered before = new Offered(uploadKey, chunkIndex - 1);
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (offers) {
            long left;
            while (arriving.contains(before) && !offered.contains(before)
                    && (left = deadline - System.nanoTime()) > 0) {
                offers.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void notifyOffers() {
        synchronized (offers) {
            offers.notifyAll();
        }
    }

    /** Chunks offered and not yet taken into a batch. */
    int queued() {
        return queue.size();
    }

    /** Commits the chunk (with whatever else is queued) and answers what became of it. */
    PendingChunk.Outcome commit(PendingChunk chunk) throws IOException {
        if (turn.isLocked()) {
            // A commit runs: this chunk waits anyway, so a large one is hashed now (ChunkDigest), rather than by the
            // thread that commits its batch while every chunk in it waits. Alone, its hash overlaps its own write.
            chunk.sha256();
        }
        Offered mine = new Offered(chunk.upload.uploadKey(), chunk.chunkIndex);
        offered.add(mine);
        queue.add(chunk);
        notifyOffers();
        AfterCommit after = new AfterCommit(new ArrayList<>(), new ArrayList<>());
        try {
            turn.lock();
            try {
                while (!chunk.isSettled()) {
                    commitQueued(after);
                }
            } finally {
                turn.unlock();
            }
        } finally {
            offered.remove(mine);
        }
        // Outside the turn, not holding up the queue, and whatever became of this chunk (the batches committed
        // other requests' chunks too): deleting what the commits left over, and the runs cut short by the
        // per-batch limit.
        cleanup.delete(after.deletions());
        after.leftToPlace().stream().distinct().forEach(this::placeAfterCommit);
        return chunk.outcome();
    }

    /** What the batches committed in one turn leave to do once the turn is passed on. */
    private record AfterCommit(List<String> deletions, List<Long> leftToPlace) {
    }

    /** The chunk is committed whatever happens here: a failure is logged, and the next chunk or completion retries. */
    private void placeAfterCommit(long uploadId) {
        try {
            placer.placeReadyChunks(uploadId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "placing the waiting chunks of upload " + uploadId + " failed; retried later", e);
        }
    }

    private void commitQueued(AfterCommit after) {
        List<PendingChunk> batch = new ArrayList<>();
        PendingChunk next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            trackingFile.check();
        } catch (StorageUnavailableException unavailable) {
            batch.forEach(chunk -> chunk.fail(unavailable));
            return;
        }
        try {
            commitOrOneByOne(batch, after);
        } finally {
            // Whatever stopped this (an Error included), no offering thread may wait for a commit that will not come.
            for (PendingChunk chunk : batch) {
                if (!chunk.isSettled()) {
                    chunk.fail(new IllegalStateException("the commit of chunk " + chunk.chunkIndex + " of "
                            + chunk.upload.uploadKey() + " was abandoned"));
                }
            }
        }
    }

    private void commitOrOneByOne(List<PendingChunk> batch, AfterCommit after) {
        try {
            commitTogether(batch, after);
        } catch (IOException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
            // One bad chunk (a vanished staging file, a full disk for one file) must not fail the others.
            LOG.log(Level.FINE, "batch of " + batch.size() + " chunks failed; committing them one by one", e);
            for (PendingChunk chunk : batch) {
                try {
                    commitTogether(List.of(chunk), after);
                } catch (IOException | RuntimeException alone) {
                    chunk.fail(alone);
                }
            }
        }
    }

    private void commitTogether(List<PendingChunk> batch, AfterCommit after) throws IOException {
        long began = System.nanoTime();
        UploadTransactions.BatchResult result = transactions.commitBatch(batch, Instant.now());
        metrics.batchCommitted(batch.size(), Duration.ofNanos(System.nanoTime() - began));
        metrics.uploadsStarted(result.uploadsStarted().size());
        result.outcomes().forEach(PendingChunk::settle);
        if (placedHints.size() > MAX_HINTS) {
            placedHints.clear();
        }
        placedHints.putAll(result.placedChunks());
        // Committed: committing these chunks again would give them other outcomes, so nothing below may throw.
        after.deletions().addAll(result.deletions());
        after.leftToPlace().addAll(result.uploadsLeftToPlace());
    }
}
