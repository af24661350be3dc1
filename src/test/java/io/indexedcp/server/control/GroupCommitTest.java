package io.indexedcp.server.control;

import io.indexedcp.server.metrics.UploadMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import io.indexedcp.server.storage.StagedChunk;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batching of {@link GroupCommit}, with the transaction replaced by a recorder. */
class GroupCommitTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void chunksOfferedWhileACommitRunsAreCommittedTogetherInTheNext() throws Exception {
        HeldFirstCommit held = new HeldFirstCommit();
        RecordingTransactions transactions = new RecordingTransactions(held::holdIfFirst);
        GroupCommit commits = groupCommit(transactions);

        Future<PendingChunk.Outcome> first = threads.submit(() -> commits.commit(chunk(0)));
        held.awaitEntered();
        List<Future<PendingChunk.Outcome>> waiting = new ArrayList<>();
        for (int index = 1; index <= 5; index++) {
            int chunkIndex = index;
            waiting.add(threads.submit(() -> commits.commit(chunk(chunkIndex))));
        }
        held.releaseOnce(commits, 5);

        assertEquals(PendingChunk.Outcome.PLACED, first.get(10, TimeUnit.SECONDS));
        for (Future<PendingChunk.Outcome> outcome : waiting) {
            assertEquals(PendingChunk.Outcome.PLACED, outcome.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 5), transactions.batchSizes);
    }

    @Test
    void aLargeChunkOfferedWhileACommitRunsIsHashedBeforeItJoinsTheNextBatch() throws Exception {
        HeldFirstCommit held = new HeldFirstCommit();
        RecordingTransactions transactions = new RecordingTransactions(held::holdIfFirst);
        GroupCommit commits = groupCommit(transactions);
        Future<PendingChunk.Outcome> first = threads.submit(() -> commits.commit(chunk(0)));
        held.awaitEntered();

        byte[] bytes = UploadFixture.bytes(ChunkBodies.DIGESTED_WHEN_HELD_FROM, 1);
        PendingChunk large = new PendingChunk(chunk(1).upload, 1, new ChunkBody.Held(bytes), ChunkDigest.of(bytes),
                null);
        Future<PendingChunk.Outcome> second = threads.submit(() -> commits.commit(large));
        held.releaseOnce(commits, 1);

        assertEquals(PendingChunk.Outcome.PLACED, first.get(10, TimeUnit.SECONDS));
        assertEquals(PendingChunk.Outcome.PLACED, second.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(1, 1), transactions.batchSizes);
        assertEquals(List.of(false), transactions.pendingWhenCommitted.subList(1, 2),
                "hashed by its own thread while the first commit ran, not in its batch");
    }

    @Test
    void aFailingChunkFailsAloneWhenItsBatchIsRetriedOneByOne() throws Exception {
        HeldFirstCommit held = new HeldFirstCommit();
        RecordingTransactions transactions = new RecordingTransactions(batch -> {
            held.holdIfFirst(batch);
            if (batch.stream().anyMatch(chunk -> chunk.chunkIndex == 2)) {
                throw new IOException("disk full for chunk 2");
            }
        });
        GroupCommit commits = groupCommit(transactions);

        Future<PendingChunk.Outcome> first = threads.submit(() -> commits.commit(chunk(0)));
        held.awaitEntered();
        Future<PendingChunk.Outcome> one = threads.submit(() -> commits.commit(chunk(1)));
        Future<PendingChunk.Outcome> two = threads.submit(() -> commits.commit(chunk(2)));
        Future<PendingChunk.Outcome> three = threads.submit(() -> commits.commit(chunk(3)));
        held.releaseOnce(commits, 3);

        assertEquals(PendingChunk.Outcome.PLACED, first.get(10, TimeUnit.SECONDS));
        assertEquals(PendingChunk.Outcome.PLACED, one.get(10, TimeUnit.SECONDS));
        assertEquals(PendingChunk.Outcome.PLACED, three.get(10, TimeUnit.SECONDS));
        Exception failure = assertThrows(Exception.class, () -> two.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof IOException, failure.toString());
        // The batch of three failed as a whole, then each was committed alone.
        assertEquals(List.of(1, 3, 1, 1, 1), transactions.batchSizes);
    }

    @Test
    void aCommitStoppedByAnErrorFailsTheOtherChunksOfItsBatchInsteadOfLeavingThemWaiting() throws Exception {
        HeldFirstCommit held = new HeldFirstCommit();
        GroupCommit commits = groupCommit(new RecordingTransactions(batch -> {
            held.holdIfFirst(batch);
            if (batch.size() > 1) {
                throw new OutOfMemoryError("simulated");
            }
        }));

        Future<PendingChunk.Outcome> first = threads.submit(() -> commits.commit(chunk(0)));
        held.awaitEntered();
        Future<PendingChunk.Outcome> one = threads.submit(() -> commits.commit(chunk(1)));
        Future<PendingChunk.Outcome> two = threads.submit(() -> commits.commit(chunk(2)));
        held.releaseOnce(commits, 2);

        assertEquals(PendingChunk.Outcome.PLACED, first.get(10, TimeUnit.SECONDS));
        // One of the two ran the batch and saw the Error; the other must be told, not wait for ever.
        List<Throwable> causes = new ArrayList<>();
        for (Future<PendingChunk.Outcome> outcome : List.of(one, two)) {
            Exception failure = assertThrows(Exception.class, () -> outcome.get(10, TimeUnit.SECONDS));
            causes.add(failure.getCause());
        }
        assertEquals(1, causes.stream().filter(OutOfMemoryError.class::isInstance).count(), causes.toString());
        assertEquals(1, causes.stream().filter(IllegalStateException.class::isInstance).count(), causes.toString());
    }

    @Test
    void aCommittedChunkKeepsItsOutcomeWhenPlacingTheRunItLeftFails() throws Exception {
        GroupCommit commits = groupCommit(new UploadTransactions() {
            @Override
            public BatchResult commitBatch(List<PendingChunk> batch, Instant now) {
                // Recorded to wait in staging, and a run cut short at the batch's limits left to place.
                return new BatchResult(Map.of(batch.get(0), PendingChunk.Outcome.WAITING), List.of(), List.of(7L),
                        Map.of("up", 0), List.of());
            }
        });
        List<Long> tried = new CopyOnWriteArrayList<>();
        commits.placer = new ChunkPlacer() {
            @Override
            public void placeReadyChunks(long uploadId) {
                tried.add(uploadId);
                throw new java.io.UncheckedIOException(new IOException("disk full while placing the run"));
            }
        };

        assertEquals(PendingChunk.Outcome.WAITING, commits.commit(chunk(3)),
                "committed: its staging file must stay, and the client gets its 200");
        assertEquals(List.of(7L), tried);
    }

    @Test
    void theCommittedPrefixBecomesTheHintForTheNextChunkOfThatUpload() throws Exception {
        GroupCommit commits = groupCommit(new RecordingTransactions(batch -> { }));
        assertEquals(-1, commits.placedHint("up"));
        commits.commit(chunk(0));
        assertEquals(1, commits.placedHint("up"));
    }

    @Test
    void aChunkWaitsForTheBodyOfTheChunkBeforeItOnlyWhileThatIsArrivingHere() throws Exception {
        GroupCommit commits = groupCommit(new RecordingTransactions(batch -> { }));
        long began = System.nanoTime();
        commits.awaitPredecessor("up", 5, java.time.Duration.ofSeconds(30));
        assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(5), "nothing arriving: no wait");

        GroupCommit.Arrival before = commits.arriving("up", 4);
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch waiting = new CountDownLatch(1);
            Future<Long> waited = waiter.submit(() -> {
                waiting.countDown();
                long start = System.nanoTime();
                commits.awaitPredecessor("up", 5, java.time.Duration.ofSeconds(30));
                return System.nanoTime() - start;
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS));
            assertThrows(java.util.concurrent.TimeoutException.class, () -> waited.get(200, TimeUnit.MILLISECONDS),
                    "still waiting while the chunk before arrives");
            before.close(); // its request ended (answered or failed)
            assertTrue(waited.get(10, TimeUnit.SECONDS) < TimeUnit.SECONDS.toNanos(20));
        } finally {
            waiter.shutdownNow();
        }

        try (GroupCommit.Arrival stuck = commits.arriving("up", 6)) {
            began = System.nanoTime();
            commits.awaitPredecessor("up", 7, java.time.Duration.ofMillis(50));
            assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(10), "the wait is bounded");
        }
    }

    private static PendingChunk chunk(int index) {
        return new PendingChunk(new UploadIdentity("up", "up.bin", null, "up.bin", "default"), index,
                new ChunkBody.Staged(new StagedChunk("staged-" + index, 10), false), ChunkDigest.known("00"), null);
    }

    private static GroupCommit groupCommit(UploadTransactions transactions) {
        GroupCommit commits = new GroupCommit();
        commits.transactions = transactions;
        commits.placer = new ChunkPlacer();
        commits.cleanup = new FileCleanup(); // never reached: the recorder places nothing from staging
        commits.trackingFile = new TrackingFileGuard(); // never told of a file: checks nothing
        commits.metrics = UploadMetrics.unregistered();
        return commits;
    }

    /** Holds the commit of chunk 0 until the chunks offered behind it are queued. */
    private static final class HeldFirstCommit {

        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void holdIfFirst(List<PendingChunk> batch) {
            if (batch.get(0).chunkIndex != 0) {
                return;
            }
            entered.countDown();
            try {
                if (!released.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void awaitEntered() throws InterruptedException {
            assertTrue(entered.await(10, TimeUnit.SECONDS));
        }

        /** Lets the held commit go once {@code offered} chunks wait in the queue behind it. */
        void releaseOnce(GroupCommit commits, int offered) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (commits.queued() < offered) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(commits.queued() + " of " + offered + " chunks queued after 10 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
            released.countDown();
        }
    }

    /** What a commit does to the batch before it "commits": block, fail. */
    @FunctionalInterface
    interface BatchHook {
        void accept(List<PendingChunk> batch) throws IOException;
    }

    /** Every chunk placed, the prefix moved to the highest index plus one; batch sizes recorded. */
    private static final class RecordingTransactions extends UploadTransactions {

        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        /** For each chunk committed, in order: whether its digest was still to be computed. */
        final List<Boolean> pendingWhenCommitted = new CopyOnWriteArrayList<>();
        private final BatchHook hook;

        RecordingTransactions(BatchHook hook) {
            this.hook = hook;
        }

        @Override
        public BatchResult commitBatch(List<PendingChunk> batch, Instant now) throws IOException {
            batchSizes.add(batch.size());
            batch.forEach(chunk -> pendingWhenCommitted.add(chunk.digest.pending()));
            hook.accept(batch);
            Map<PendingChunk, PendingChunk.Outcome> outcomes = new HashMap<>();
            int highest = -1;
            for (PendingChunk chunk : batch) {
                outcomes.put(chunk, PendingChunk.Outcome.PLACED);
                highest = Math.max(highest, chunk.chunkIndex);
            }
            return new BatchResult(outcomes, List.of(), List.of(), Map.of("up", highest + 1), List.of());
        }
    }
}
