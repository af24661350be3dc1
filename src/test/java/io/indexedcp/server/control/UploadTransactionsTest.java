package io.indexedcp.server.control;

import io.indexedcp.server.events.UploadCompleted;
import static io.indexedcp.server.control.UploadFixture.bytes;
import static io.indexedcp.server.control.UploadFixture.concat;
import static io.indexedcp.server.control.UploadFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.server.control.UploadTransactions.Decision;
import io.indexedcp.server.control.UploadTransactions.ToVerify;
import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import io.indexedcp.server.storage.DiskChunkStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one owner of an upload's state, on a real SQLite file and real files: each defect that
 * review and fault injection found in the write path, replayed step by step (latches where two
 * requests race).
 */
class UploadTransactionsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final byte[] A = bytes(1000, 1);
    private static final byte[] B = bytes(1000, 2);
    private static final byte[] C = bytes(500, 3);

    @TempDir
    Path outputDir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aCompletionWhileAnotherHashesIsAskedToComeBackAndThenSucceedsWithoutHashingAgain() throws Exception {
        HeldHash held = new HeldHash();
        UploadFixture uploads = new UploadFixture(outputDir, held);
        UploadIdentity upload = sendWhole(uploads, "twice.bin", "u1", A, B, C);
        CompletionService completions = uploads.completions();
        CompletionRequest request = new CompletionRequest("twice.bin", "u1", 3, 2500L, sha256(concat(A, B, C)));

        Future<CompletionReceipt> first = threads.submit(() -> completions.complete("default", request));
        held.awaitHeld();
        // A client that timed out waiting for the first asks again while the first still hashes.
        UploadBeingVerifiedException busy = assertThrows(UploadBeingVerifiedException.class,
                () -> completions.complete("default", request));
        assertEquals(503, busy.status());
        assertEquals(UploadTransactions.VERIFICATION_RETRY_AFTER_SECONDS, busy.retryAfterSeconds());
        held.release();

        assertEquals(CompletionReceipt.COMPLETED, first.get(10, TimeUnit.SECONDS).message());
        assertEquals(CompletionReceipt.COMPLETED, completions.complete("default", request).message());
        assertEquals(1, held.hashes.get(), "the file was hashed once");
        assertArrayEquals(concat(A, B, C), uploads.file("twice.bin"));
        assertEquals(0, uploads.staged(".partial"), "no assembly left behind");
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM upload WHERE upload_key = ? AND state = 'complete'",
                upload.uploadKey()));
        assertEquals(List.of(new UploadCompleted("twice.bin", "u1", "default", 2500L, sha256(concat(A, B, C)),
                uploads.disk.outputDirectory().resolve("twice.bin"))), uploads.fired);
    }

    @Test
    void theHashingCompletionRenewsItsLeaseForAsLongAsItHashes() throws Exception {
        HeldHash held = new HeldHash();
        UploadFixture uploads = new UploadFixture(outputDir, held); // renews every 50 ms
        UploadIdentity upload = sendWhole(uploads, "long.bin", "u1", A, B, C);
        CompletionService completions = uploads.completions();
        CompletionRequest request = new CompletionRequest("long.bin", "u1", 3, 2500L, sha256(concat(A, B, C)));

        Future<CompletionReceipt> first = threads.submit(() -> completions.complete("default", request));
        held.awaitHeld();
        String leaseOf = "SELECT verifying_until FROM upload WHERE upload_key = ?";
        long leasedUntil = uploads.rows(leaseOf, upload.uploadKey());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (uploads.rows(leaseOf, upload.uploadKey()) == leasedUntil && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertTrue(uploads.rows(leaseOf, upload.uploadKey()) > leasedUntil, "the lease was renewed while hashing");
        held.release();
        assertEquals(CompletionReceipt.COMPLETED, first.get(10, TimeUnit.SECONDS).message());
    }

    @Test
    void aLeaseThatRanOutLetsTheNextCompletionVerify() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = sendWhole(uploads, "died.bin", "u1", A, B, C);
        String sha = sha256(concat(A, B, C));
        // The first completion's node died after it began: nothing renews its lease.
        assertInstanceOf(ToVerify.class, uploads.transactions.beginCompletion(upload.uploadKey(), 3, 2500L, sha, T0));

        Instant withinLease = T0.plus(UploadTransactions.VERIFICATION_LEASE).minusSeconds(1);
        assertThrows(UploadBeingVerifiedException.class,
                () -> uploads.transactions.beginCompletion(upload.uploadKey(), 3, 2500L, sha, withinLease));
        Instant after = T0.plus(UploadTransactions.VERIFICATION_LEASE);
        assertInstanceOf(ToVerify.class, uploads.transactions.beginCompletion(upload.uploadKey(), 3, 2500L, sha, after));
    }

    @Test
    void aChunkBeyondTheDeclaredEndArrivingDuringVerificationIsRefusedAndTheFileIsWhatWasVerified() throws Exception {
        HeldHash held = new HeldHash();
        UploadFixture uploads = new UploadFixture(outputDir, held);
        UploadIdentity upload = sendWhole(uploads, "end.bin", "u2", A, B);
        CompletionService completions = uploads.completions();
        Future<CompletionReceipt> completion = threads.submit(() -> completions.complete("default", 
                new CompletionRequest("end.bin", "u2", 2, 2000L, sha256(concat(A, B)))));
        held.awaitHeld();

        assertEquals(PendingChunk.Outcome.REFUSED_COMPLETING, uploads.send(upload, 2, C, T0));
        assertEquals(PendingChunk.Outcome.ALREADY_RECEIVED, uploads.send(upload, 1, B, T0), "a resent chunk is a duplicate");
        held.release();

        assertEquals(CompletionReceipt.COMPLETED, completion.get(10, TimeUnit.SECONDS).message());
        assertArrayEquals(concat(A, B), uploads.file("end.bin"));
        assertEquals(0, uploads.staged(".part"));
    }

    @Test
    void aWrongDigestSendsTheUploadBackToReceivingAndPublishesNothing() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = sendWhole(uploads, "wrong.bin", "u3", A, B);
        CompletionService completions = uploads.completions();

        FileDigestMismatchException mismatch = assertThrows(FileDigestMismatchException.class, () -> completions.complete("default", 
                new CompletionRequest("wrong.bin", "u3", 2, 2000L, sha256(A))));

        assertEquals(422, mismatch.status());
        assertFalse(Files.exists(outputDir.resolve("wrong.bin")));
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM upload WHERE upload_key = ? AND state = 'receiving'",
                upload.uploadKey()));
        assertEquals(CompletionReceipt.COMPLETED, completions.complete("default", 
                new CompletionRequest("wrong.bin", "u3", 2, 2000L, sha256(concat(A, B)))).message());
        assertArrayEquals(concat(A, B), uploads.file("wrong.bin"));
    }

    @Test
    void aCrashAfterTheDecisionIsFinishedAtStartAndNeverTrimsThePublishedFileToAPlainRecord() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity plain = uploads.identity("same.bin", null);
        uploads.send(plain, 0, C, T0); // a plain upload of the same name, 500 bytes so far
        UploadIdentity v2 = sendWhole(uploads, "same.bin", "u4", A, B);
        String sha = sha256(concat(A, B));

        ToVerify verify = assertInstanceOf(ToVerify.class,
                uploads.transactions.beginCompletion(v2.uploadKey(), 2, 2000L, sha, T0));
        assertEquals(Decision.PUBLISH, uploads.transactions.decidePublication(v2.uploadKey(), plain.uploadKey(), 2000L,
                sha, uploads.disk.sha256Hex(verify.assembledAs()), T0).decision());
        uploads.disk.publish(verify.assembledAs(), "same.bin"); // renamed; the crash comes before the commit
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload WHERE upload_key = ?", plain.uploadKey()),
                "the plain record is gone with the decision, before the rename");

        UploadTransactions.Repair repair = uploads.transactions.recover(uploads.uploadId(v2.uploadKey()), UploadFixture.ANY_ACTIVITY);

        assertTrue(repair.published());
        assertArrayEquals(concat(A, B), uploads.file("same.bin"));
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM upload WHERE upload_key = ? AND state = 'complete'",
                v2.uploadKey()));
    }

    @Test
    void aDecisionNotYetRenamedIsRenamedAtStart() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity v2 = sendWhole(uploads, "later.bin", "u5", A);
        String sha = sha256(A);
        ToVerify verify = assertInstanceOf(ToVerify.class,
                uploads.transactions.beginCompletion(v2.uploadKey(), 1, 1000L, sha, T0));
        uploads.transactions.decidePublication(v2.uploadKey(), "later.bin", 1000L, sha,
                uploads.disk.sha256Hex(verify.assembledAs()), T0);

        assertTrue(uploads.transactions.recover(uploads.uploadId(v2.uploadKey()), UploadFixture.ANY_ACTIVITY).published());
        assertArrayEquals(A, uploads.file("later.bin"));
    }

    @Test
    void startUpRecoveryLeavesTheActivityTimeAlone() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("old.bin", "u6");
        uploads.send(upload, 0, A, T0);
        uploads.send(upload, 2, C, T0);

        uploads.transactions.recover(uploads.uploadId(upload.uploadKey()), UploadFixture.ANY_ACTIVITY);

        assertEquals(T0.toEpochMilli(), uploads.rows("SELECT last_activity FROM upload WHERE upload_key = ?",
                upload.uploadKey()));
        assertNotNull(uploads.transactions.expire(uploads.uploadId(upload.uploadKey()), T0.plusSeconds(1)),
                "idle since T0, so it expires; a restart is not activity");
    }

    @Test
    void recoveryLeavesAnUploadActiveSinceItsCutOffToTheNodeWritingIt() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("live.bin", null);
        uploads.send(upload, 0, A, T0);
        Path file = outputDir.resolve("live.bin");
        Files.write(file, B, java.nio.file.StandardOpenOption.APPEND); // as if another node were placing a run now
        Instant idleBefore = T0.minusSeconds(120); // a restarting node repairs only what was idle since then

        UploadTransactions.Repair repair = uploads.transactions.recover(uploads.uploadId(upload.uploadKey()), idleBefore);

        assertNull(repair.uploadKey(), "not locked, not repaired");
        assertEquals(A.length + B.length, Files.size(file), "nothing cut off a file another node may be writing");
        UploadTransactions.Repair later = uploads.transactions.recover(uploads.uploadId(upload.uploadKey()),
                T0.plusSeconds(1));
        assertEquals(B.length, later.bytesTrimmed(), "once idle past the cut-off it is repaired");
        assertEquals(A.length, Files.size(file));
    }

    @Test
    void heldAndStagedBodiesInAnyOrderMakeTheSameFileAndLeaveNoStagingFile() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("mixed.bin", "u-mixed");
        byte[][] chunks = {bytes(11, 0), bytes(11, 1), bytes(11, 2), bytes(11, 3)};

        assertEquals(PendingChunk.Outcome.WAITING, uploads.send(upload, 2, chunks[2], T0), "held, staged to wait");
        assertEquals(1, uploads.staged(".part"), "a held chunk that waits is staged by its commit");
        assertEquals(PendingChunk.Outcome.WAITING, uploads.sendStaged(upload, 3, chunks[3], T0));
        assertEquals(PendingChunk.Outcome.PLACED, uploads.sendStaged(upload, 0, chunks[0], T0));
        assertEquals(PendingChunk.Outcome.PLACED, uploads.send(upload, 1, chunks[1], T0));
        assertEquals(PendingChunk.Outcome.ALREADY_RECEIVED, uploads.send(upload, 2, chunks[2], T0));

        long id = uploads.uploadId(upload.uploadKey());
        assertEquals(4, uploads.rows("SELECT placed_chunks FROM upload WHERE id = ?", id));
        assertEquals(0, uploads.staged(".part"), "every staging file deleted once placed");
        assertArrayEquals(concat(chunks), Files.readAllBytes(outputDir.resolve(assembly(uploads, id))));
    }

    @Test
    void expiryReChecksActivityUnderTheLock() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("busy.bin", "u7");
        uploads.send(upload, 0, A, T0);
        long id = uploads.uploadId(upload.uploadKey());
        Instant cutoff = T0.plusSeconds(60); // the expiry job listed it as idle against this cutoff...

        uploads.send(upload, 2, C, cutoff.plusSeconds(1)); // ...and a chunk was acknowledged before it got to it

        assertNull(uploads.transactions.expire(id, cutoff));
        assertEquals(2, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE upload_id = ?", id));
        assertEquals(1, uploads.staged(".part"), "the waiting chunk keeps its bytes");
    }

    @Test
    void expiryRemovesAnIdleUploadAndAllItsFiles() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("idle.bin", "u8");
        uploads.send(upload, 0, A, T0);
        uploads.send(upload, 2, C, T0);

        uploads.cleanup.delete(uploads.transactions.expire(uploads.uploadId(upload.uploadKey()), T0.plusSeconds(1)));

        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload"));
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM received_chunk"));
        assertEquals(0, uploads.staged(".part"));
        assertEquals(0, uploads.staged(".partial"));
    }

    @Test
    void aCancelledPlainUploadRestartedBeforeTheCancelsFilesAreDeletedKeepsOnlyTheNewBytes() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity plain = uploads.identity("again.bin", null);
        uploads.send(plain, 0, A, T0);
        uploads.send(plain, 1, B, T0);
        uploads.send(plain, 3, C, T0); // waiting in staging

        List<String> deletions = uploads.transactions.cancel(plain.uploadKey(), "again.bin", null);
        // A chunk in flight arrives after the cancel committed and before its files are deleted.
        byte[] newA = bytes(1000, 11);
        byte[] newB = bytes(700, 12);
        assertEquals(PendingChunk.Outcome.PLACED, uploads.send(plain, 0, newA, T0));
        uploads.cleanup.delete(deletions);
        assertEquals(PendingChunk.Outcome.PLACED, uploads.send(plain, 1, newB, T0));

        assertArrayEquals(concat(newA, newB), uploads.file("again.bin"));
        assertEquals(0, uploads.staged(".part"), "no orphan staging files");
        assertEquals(0, uploads.staged(".removed"));
    }

    @Test
    void aCancelledV2UploadLeavesNoFileBehind() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("gone.bin", "u9");
        uploads.send(upload, 0, A, T0);
        uploads.send(upload, 2, C, T0);

        uploads.cleanup.delete(uploads.transactions.cancel(upload.uploadKey(), "gone.bin", "u9"));

        try (var files = Files.list(outputDir.resolve(DiskChunkStorage.STAGING_DIR))) {
            assertEquals(List.of(), files.toList());
        }
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM received_chunk"));
    }

    @Test
    void aNewPlainUploadOverAnExistingFileStartsFromAnEmptyFile() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        Files.write(outputDir.resolve("report.bin"), bytes(140_000, 5)); // an operator's file
        UploadIdentity plain = uploads.identity("report.bin", null);

        uploads.send(plain, 0, bytes(10, 6), T0);

        assertArrayEquals(bytes(10, 6), uploads.file("report.bin"));
        assertEquals(0, uploads.staged(".removed"), "the old file is deleted once the new upload is committed");
    }

    @Test
    void aPlainUploadOverACompletedV2FileReplacesItAndForgetsItsDigest() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity v2 = sendWhole(uploads, "doc.bin", "u10", A, B, C);
        uploads.completions().complete("default", new CompletionRequest("doc.bin", "u10", 3, 2500L, sha256(concat(A, B, C))));
        UploadIdentity plain = uploads.identity("doc.bin", null);

        uploads.send(plain, 0, C, T0);

        assertArrayEquals(C, uploads.file("doc.bin"));
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload WHERE upload_key = ?", v2.uploadKey()),
                "no record claims the old file's digest");
    }

    @Test
    void aPlainUploadWhoseRecordExistsGoesOnInItsFile() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity plain = uploads.identity("resume.bin", null);
        uploads.send(plain, 0, A, T0);
        uploads.send(plain, 1, B, T0);

        assertArrayEquals(concat(A, B), uploads.file("resume.bin"));
    }

    @Test
    void recoveryTrimsUnrecordedBytesAndForgetsChunksWhoseStagingFileIsGone() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("torn.bin", null);
        uploads.send(upload, 0, A, T0);
        uploads.send(upload, 2, C, T0);
        Files.write(outputDir.resolve("torn.bin"), B, java.nio.file.StandardOpenOption.APPEND); // written, never recorded
        try (var staged = Files.list(outputDir.resolve(DiskChunkStorage.STAGING_DIR))) {
            for (Path file : staged.toList()) {
                Files.delete(file); // chunk 2's bytes lost (a full disk, an operator)
            }
        }

        UploadTransactions.Repair repair = uploads.transactions.recover(uploads.uploadId(upload.uploadKey()), UploadFixture.ANY_ACTIVITY);

        assertEquals(1000, repair.bytesTrimmed());
        assertEquals(1, repair.chunksForgotten());
        assertArrayEquals(A, uploads.file("torn.bin"));
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM received_chunk"));
        assertEquals(PendingChunk.Outcome.PLACED, uploads.send(upload, 1, B, T0));
        assertEquals(PendingChunk.Outcome.PLACED, uploads.send(upload, 2, C, T0), "the forgotten chunk is taken again");
        assertArrayEquals(concat(A, B, C), uploads.file("torn.bin"));
    }

    @Test
    void recoveryForgetsAnUploadWhosePlacedBytesAreGone() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("lost.bin", "u11");
        uploads.sendStaged(upload, 0, A, T0); // synced into the file: its row does not keep its bytes
        uploads.send(upload, 2, C, T0);
        try (var staged = Files.list(outputDir.resolve(DiskChunkStorage.STAGING_DIR))) {
            for (Path file : staged.filter(file -> file.toString().endsWith(".partial")).toList()) {
                Files.delete(file);
            }
        }

        UploadTransactions.Repair repair = uploads.transactions.recover(uploads.uploadId(upload.uploadKey()), UploadFixture.ANY_ACTIVITY);
        uploads.cleanup.delete(repair.deletions());

        assertTrue(repair.prefixLost());
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload"));
        assertEquals(0, uploads.staged(".part"));
    }

    @Test
    void smallChunksAreDurableInTheirRowsUntilTheFileIsSyncedAndRecoveryWritesThemAgain() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("unsynced.bin", null);
        uploads.sendStaged(upload, 0, A, T0); // a staged chunk: the file is synced
        uploads.send(upload, 1, B, T0);
        uploads.send(upload, 2, C, T0);
        long id = uploads.uploadId(upload.uploadKey());
        assertEquals(2, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE unsynced_bytes IS NOT NULL"));
        assertEquals(1, uploads.rows("SELECT synced_chunks FROM upload WHERE id = ?", id));
        assertEquals(A.length, uploads.rows("SELECT synced_bytes FROM upload WHERE id = ?", id));
        assertArrayEquals(concat(A, B, C), uploads.file("unsynced.bin"), "written, though not synced");

        // The machine crashed before the kernel wrote the file's last pages back: zeros, or a shorter file.
        Path file = outputDir.resolve("unsynced.bin");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(A.length + 10);
            channel.write(java.nio.ByteBuffer.wrap(new byte[10]), A.length);
        }
        UploadTransactions.Repair repair = uploads.transactions.recover(id, UploadFixture.ANY_ACTIVITY);

        assertFalse(repair.prefixLost());
        assertArrayEquals(concat(A, B, C), uploads.file("unsynced.bin"), "written again from the rows");
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE unsynced_bytes IS NOT NULL"));
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload WHERE synced_chunks IS NOT NULL"));
        assertEquals(PendingChunk.Outcome.PLACED, uploads.send(upload, 3, A, T0), "and the upload goes on");
        assertArrayEquals(concat(A, B, C, A), uploads.file("unsynced.bin"));
    }

    @Test
    void theFileIsSyncedOnceItsUnsyncedBytesPassTheLimitAndTheRowsLetGoOfThem() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("limit.bin", "u-limit");
        byte[] chunk = bytes(UploadTransactions.UNSYNCED_CHUNK_MAX, 3);
        int fit = (int) (UploadTransactions.UNSYNCED_BYTES_MAX / chunk.length);
        for (int index = 0; index < fit; index++) {
            uploads.send(upload, index, chunk, T0);
        }
        long id = uploads.uploadId(upload.uploadKey());
        assertEquals(fit, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE unsynced_bytes IS NOT NULL"));

        uploads.send(upload, fit, chunk, T0);

        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE unsynced_bytes IS NOT NULL"));
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload WHERE synced_chunks IS NOT NULL"));
        assertEquals(fit + 1, uploads.rows("SELECT placed_chunks FROM upload WHERE id = ?", id));
        uploads.send(upload, fit + 1, bytes(UploadTransactions.UNSYNCED_CHUNK_MAX + 1, 4), T0);
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE unsynced_bytes IS NOT NULL"),
                "a larger chunk is synced in its file, not kept in its row");
    }

    @Test
    void anExpiredPlainUploadKeepsItsWholeFileDurable() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("kept.bin", null);
        uploads.send(upload, 0, A, T0);
        uploads.send(upload, 1, B, T0);
        Files.write(outputDir.resolve("kept.bin"), new byte[A.length]); // the unsynced writes lost

        uploads.cleanup.delete(uploads.transactions.expire(uploads.uploadId(upload.uploadKey()), T0.plusSeconds(1)));

        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload"));
        assertArrayEquals(concat(A, B), uploads.file("kept.bin"));
    }

    @Test
    void aChunkIsNeverWrittenIntoAVanishedFileAtAnOffset() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity plain = uploads.identity("hole.bin", null);
        uploads.send(plain, 0, A, T0);
        Files.delete(outputDir.resolve("hole.bin"));

        assertThrows(IOException.class, () -> uploads.send(plain, 1, B, T0));

        assertFalse(Files.exists(outputDir.resolve("hole.bin")), "no sparse file with a hole where chunk 0 was");
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM received_chunk"), "the failed chunk is not recorded");
    }

    @Test
    void aRunLongerThanOneBatchMayPlaceIsLeftToPlaceAndPlacedByTheFollowingRuns() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("long.bin", "u12");
        int chunks = UploadTransactions.RUN_CHUNKS + 40;
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        for (int index = 0; index < chunks; index++) {
            whole.writeBytes(bytes(7, index));
        }
        for (int index = chunks - 1; index >= 1; index--) {
            assertEquals(PendingChunk.Outcome.WAITING, uploads.send(upload, index, bytes(7, index), T0));
        }
        io.indexedcp.server.storage.StagedChunk first = uploads.disk.stage(new java.io.ByteArrayInputStream(bytes(7, 0)));
        PendingChunk chunk0 = new PendingChunk(upload, 0, new ChunkBody.Staged(first, false),
                ChunkDigest.known(sha256(bytes(7, 0))), null);

        UploadTransactions.BatchResult batch = uploads.transactions.commitBatch(List.of(chunk0), T0);
        uploads.cleanup.delete(batch.deletions());
        uploads.disk.discard(first.stagedAs());
        long id = uploads.uploadId(upload.uploadKey());
        assertEquals(List.of(id), batch.uploadsLeftToPlace(), "the batch stopped at its limit, not at a gap");
        assertTrue(batch.placedChunks().get(upload.uploadKey()) < chunks);
        List<String> placed;
        do {
            placed = uploads.transactions.placeRun(id);
            uploads.cleanup.delete(placed);
        } while (!placed.isEmpty());

        assertEquals(chunks, uploads.rows("SELECT placed_chunks FROM upload WHERE id = ?", id));
        assertEquals(0, uploads.staged(".part"));
        assertArrayEquals(whole.toByteArray(), Files.readAllBytes(outputDir.resolve(assembly(uploads, id))));
    }

    private static String assembly(UploadFixture uploads, long id) throws Exception {
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + uploads.outputDir.resolve(".indexcp_chunks.db"));
                var query = db.prepareStatement("SELECT assembled_as FROM upload WHERE id = ?")) {
            query.setLong(1, id);
            try (var row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** Sends the chunks of a v2 upload in order. */
    private static UploadIdentity sendWhole(UploadFixture uploads, String name, String uploadId, byte[]... chunks)
            throws IOException {
        UploadIdentity upload = uploads.identity(name, uploadId);
        for (int index = 0; index < chunks.length; index++) {
            assertEquals(PendingChunk.Outcome.PLACED, uploads.send(upload, index, chunks[index], T0));
        }
        return upload;
    }

    /** Holds the first whole-file hash until released: a completion caught in the middle of its verification. */
    static final class HeldHash extends DiskChunkStorage {

        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        final java.util.concurrent.atomic.AtomicInteger hashes = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String sha256Hex(String file) throws IOException {
            hashes.incrementAndGet();
            if (first.getAndSet(false)) {
                held.countDown();
                try {
                    if (!released.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return super.sha256Hex(file);
        }

        void awaitHeld() throws InterruptedException {
            assertTrue(held.await(10, TimeUnit.SECONDS), "the first completion reached its hash");
        }

        void release() {
            released.countDown();
        }
    }
}
