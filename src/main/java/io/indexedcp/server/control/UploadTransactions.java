package io.indexedcp.server.control;

import io.indexedcp.server.entity.ChunkLedger;
import io.indexedcp.server.entity.ChunkLedger.LockedUpload;
import io.indexedcp.server.entity.ChunkLedger.RecordedChunk;
import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.ChunkStorage;
import io.indexedcp.server.storage.TargetFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The only code that changes an upload: commit chunks, place them, repair at start-up, complete,
 * cancel, expire. Every operation is one transaction that
 * <ol>
 * <li>locks the upload's row in the database (SQLite's write lock, PostgreSQL's row lock; never a
 * lock of this JVM, so several server instances on one database keep each other out),</li>
 * <li>re-checks its precondition against the locked row, never against what was read before,</li>
 * <li>writes and syncs bytes, then records them, and commits,</li>
 * <li>returns the files to delete once the commit is done: deletions are best-effort and happen
 * after the commit, so that a failed deletion can never undo or fail what was acknowledged.</li>
 * </ol>
 * Files a later operation may re-create under the same name (a plain upload's target) are renamed
 * into staging under the lock instead of being deleted after it, so that a deletion cannot hit a
 * newer upload's file. Rows of several uploads are locked in upload-key order, which cannot deadlock.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class UploadTransactions {

    /** How many waiting chunks one run reads, and how many bytes it copies under the lock at most. */
    static final int RUN_CHUNKS = 256;
    static final long RUN_BYTES = 64L * 1024 * 1024;

    /**
     * A chunk held in memory up to this size is placed without a sync of its file: its bytes go into
     * its row, and the database's commit, which is synced anyway, makes them durable. One sync per
     * chunk instead of two; the file is synced later, for many chunks at once.
     */
    static final int UNSYNCED_CHUNK_MAX = 256 * 1024;
    /** The file is synced once its unsynced part would pass either limit: bounds the bytes kept in rows. */
    static final long UNSYNCED_BYTES_MAX = 1024 * 1024;
    static final int UNSYNCED_CHUNKS_MAX = 64;

    /**
     * How long a completion that hashes the file holds it against other completions without renewing
     * ({@link #renewVerification}, every third of it while it hashes): what another completion waits
     * at most after the hashing node died.
     */
    static final java.time.Duration VERIFICATION_LEASE = java.time.Duration.ofSeconds(30);
    /** What a completion that finds the file being verified tells its client to wait before asking again. */
    static final int VERIFICATION_RETRY_AFTER_SECONDS = 5;

    @Inject
    ChunkLedger ledger;

    @Inject
    ChunkStorage storage;

    @Inject
    ChunkBodies bodies;

    /**
     * What a batch did: each chunk's outcome, the files to delete now that it is committed, the
     * uploads whose placeable run it cut short at its limits, and each upload's placed prefix (in
     * chunks) as it committed it, by upload key.
     */
    public record BatchResult(Map<PendingChunk, PendingChunk.Outcome> outcomes, List<String> deletions,
            List<Long> uploadsLeftToPlace, Map<String, Integer> placedChunks, List<String> uploadsStarted) {
    }

    /**
     * Commits a batch of received chunks in one transaction: per upload (in key order), lock the row
     * (creating the upload on its first chunk), write every chunk that continues the placed prefix
     * — offered or waiting in staging — at its offset, sync the file once, record the new chunks and
     * move the prefix; chunks further ahead are staged durably and recorded to wait there.
     */
    public BatchResult commitBatch(List<PendingChunk> batch, Instant now) throws IOException {
        Map<String, List<PendingChunk>> byUpload = new TreeMap<>();
        for (PendingChunk chunk : batch) {
            byUpload.computeIfAbsent(chunk.upload.uploadKey(), key -> new ArrayList<>()).add(chunk);
        }
        BatchResult result = new BatchResult(new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new HashMap<>(),
                new ArrayList<>());
        boolean newWaiting = false;
        for (List<PendingChunk> chunks : byUpload.values()) {
            newWaiting |= commitUpload(chunks.get(0).upload, chunks, now, result);
        }
        if (newWaiting) {
            storage.forceStagingDirectory(); // the staging files' names, once for all, before the rows naming them
        }
        return result;
    }

    /** One upload's share of a batch; returns whether a chunk was recorded to wait in staging. */
    private boolean commitUpload(UploadIdentity identity, List<PendingChunk> offered, Instant now, BatchResult result)
            throws IOException {
        LockedUpload upload = ledger.lockActive(identity.uploadKey(), now);
        if (upload == null) {
            offered.forEach(UploadTransactions::requireAsDeclared); // before a plain upload moves an old file aside
            boolean created = ledger.create(identity, now);
            if (created) {
                result.uploadsStarted().add(identity.uploadKey());
                offered.get(0).startedUpload();
            }
            // Locked again: on PostgreSQL an insert that lost to a concurrent one took no lock on the winner's row.
            upload = ledger.lockActive(identity.uploadKey(), now);
            if (upload == null) {
                throw new IllegalStateException("upload " + identity.uploadKey() + " was removed as it was created");
            }
            if (created && upload.plain()) {
                startFromEmptyFile(upload, result.deletions());
            }
        }
        if (!upload.is(Upload.RECEIVING)) {
            refuseOrAnswerDuplicates(upload, offered, result);
            return false;
        }
        Map<Integer, PendingChunk> fresh = new TreeMap<>();
        boolean newWaiting = false;
        try (Run run = new Run(upload)) {
            for (PendingChunk chunk : offered) {
                if (chunk.chunkIndex < upload.placedChunks() || run.recorded.containsKey(chunk.chunkIndex)
                        || fresh.putIfAbsent(chunk.chunkIndex, chunk) != null) {
                    requireAsDeclared(chunk);
                    result.outcomes().put(chunk, PendingChunk.Outcome.ALREADY_RECEIVED);
                }
            }
            run.place(fresh, now);
            run.placedFresh.forEach(chunk -> result.outcomes().put(chunk, PendingChunk.Outcome.PLACED));
            result.deletions().addAll(run.placedFromStaging);
            for (PendingChunk chunk : fresh.values()) {
                requireAsDeclared(chunk);
                ChunkBody.Staged staged = bodies.stagedDurably(chunk.body);
                boolean recorded = ledger.record(upload.id(), chunk.chunkIndex, chunk.body.size(), chunk.sha256(),
                        staged.stagedAs(), now);
                result.outcomes().put(chunk, recorded ? PendingChunk.Outcome.WAITING
                        : PendingChunk.Outcome.ALREADY_RECEIVED);
                if (!recorded && chunk.body instanceof ChunkBody.Held) {
                    result.deletions().add(storage.stagingPath(staged.stagedAs())); // staged here, for nothing
                }
                newWaiting |= recorded;
            }
            run.commit();
            result.placedChunks().put(identity.uploadKey(), run.next);
            if (run.cutShort()) {
                result.uploadsLeftToPlace().add(upload.id());
            }
        }
        return newWaiting;
    }

    /**
     * A new plain upload replaces whatever file has its name: the old file is moved aside (and
     * deleted after the commit), so the new bytes are never mixed with old ones, and completed
     * uploads that described the old file are forgotten.
     */
    private void startFromEmptyFile(LockedUpload upload, List<String> deletions) throws IOException {
        String movedAside = storage.moveAside(upload.fileName());
        if (movedAside != null) {
            deletions.add(movedAside);
        }
        ledger.forgetCompletedNamed(upload.fileName());
    }

    /** An upload that is complete takes nothing; one being completed refuses anything beyond its placed prefix. */
    private static void refuseOrAnswerDuplicates(LockedUpload upload, List<PendingChunk> offered, BatchResult result) {
        for (PendingChunk chunk : offered) {
            requireAsDeclared(chunk);
            boolean duplicate = upload.is(Upload.COMPLETE) || chunk.chunkIndex < upload.placedChunks();
            result.outcomes().put(chunk, duplicate ? PendingChunk.Outcome.ALREADY_RECEIVED
                    : PendingChunk.Outcome.REFUSED_COMPLETING);
        }
    }

    /**
     * Refuses a chunk whose bytes are not what its {@code Content-Digest} declared. Thrown inside
     * the transaction, so that it is undone: {@link GroupCommit} commits the rest of the batch
     * without the chunk, which is refused as if the commit had never seen it. (Most chunks are
     * checked before they are offered; a large held one only here, see {@link ChunkDigest}.)
     */
    private static void requireAsDeclared(PendingChunk chunk) {
        if (!chunk.asDeclared()) {
            throw new ChunkDigestMismatchException(chunk.declaredSha256, chunk.sha256());
        }
    }

    /**
     * Places the contiguous run of staged chunks that follows the prefix, under the lock. Returns
     * the files to delete once committed; empty when there was nothing to place.
     */
    public List<String> placeRun(long uploadId) throws IOException {
        LockedUpload upload = ledger.lock(uploadId);
        if (upload == null || !upload.is(Upload.RECEIVING)) {
            return List.of();
        }
        try (Run run = new Run(upload)) {
            run.place(new TreeMap<>(), Instant.now());
            run.commit();
            return run.placedFromStaging;
        }
    }

    /** What start-up recovery did to one upload, for its report. */
    public record Repair(String uploadKey, long bytesTrimmed, int chunksForgotten, boolean prefixLost,
            boolean published, List<String> deletions) {

        public boolean changedAnything() {
            return bytesTrimmed > 0 || chunksForgotten > 0 || prefixLost || published;
        }
    }

    /**
     * Brings an upload back to its record after a crash or a full disk, without touching its
     * activity time: cut bytes beyond the placed prefix off its file, forget recorded chunks whose
     * staging file is gone (the client sends them again), start over when the placed bytes
     * themselves are gone, and finish a publication that was decided but not done. Only if it has
     * been idle since {@code idleBefore} (checked as the lock is taken): one active since may be
     * another node's, which is writing it.
     */
    public Repair recover(long uploadId, Instant idleBefore) throws IOException {
        LockedUpload upload = ledger.lockIdle(uploadId, idleBefore);
        if (upload == null || upload.is(Upload.COMPLETE)) {
            return new Repair(null, 0, 0, false, false, List.of());
        }
        if (upload.is(Upload.PUBLISHING)) {
            return new Repair(upload.uploadKey(), 0, 0, false, finishPublication(upload), List.of());
        }
        List<String> deletions = new ArrayList<>();
        long fileSize = storage.exists(upload.assembledAs()) ? storage.size(upload.assembledAs()) : 0;
        if (upload.hasUnsyncedChunks() && fileSize >= upload.syncedBytes()) {
            // A crash of the machine may have lost those writes; their rows kept the bytes.
            syncFile(upload);
            fileSize = storage.size(upload.assembledAs());
        }
        boolean prefixLost = fileSize < upload.placedBytes();
        long trimmed = 0;
        int forgotten = 0;
        if (prefixLost) {
            List<RecordedChunk> rows = ledger.chunksFrom(upload.id(), 0, Integer.MAX_VALUE);
            forgotten = rows.size();
            deletions.addAll(stagingPaths(rows));
            ledger.delete(upload.id());
            if (!upload.plain()) {
                deletions.add(upload.assembledAs());
            }
        } else {
            if (fileSize > upload.placedBytes()) {
                storage.truncate(upload.assembledAs(), upload.placedBytes());
                trimmed = fileSize - upload.placedBytes();
            }
            for (RecordedChunk chunk : ledger.chunksFrom(upload.id(), upload.placedChunks(), Integer.MAX_VALUE)) {
                if (ChunkLedger.PLACED_DIRECTLY.equals(chunk.stagedAs())
                        || !storage.exists(storage.stagingPath(chunk.stagedAs()))) {
                    ledger.forgetChunk(upload.id(), chunk.index());
                    forgotten++;
                }
            }
        }
        return new Repair(upload.uploadKey(), trimmed, forgotten, prefixLost, false, deletions);
    }

    /** Where a completion stands after its first step. */
    public sealed interface CompletionStart {
    }

    /** Complete already: the caller compares the declared size and digest with the recorded ones. */
    public record AlreadyComplete(String fileName, String clientUploadId, long totalSize, String sha256)
            implements CompletionStart {
    }

    /** Decided already (by this or a concurrent completion): only the rename is left. */
    public record AlreadyDecided(long uploadId) implements CompletionStart {
    }

    /** Every chunk is placed and no more are taken: the caller hashes {@code assembledAs} outside any lock. */
    public record ToVerify(long uploadId, String assembledAs) implements CompletionStart {
    }

    /**
     * First step of a completion: under the lock, check that every declared chunk is placed and
     * nothing more, then stop taking chunks beyond them (state completing), so the file cannot
     * change while the caller hashes it without holding any lock.
     */
    public CompletionStart beginCompletion(String uploadKey, int totalChunks, long totalSize, String sha256,
            Instant now) throws IOException {
        LockedUpload upload = ledger.lockActive(uploadKey, now);
        if (upload == null) {
            throw new UploadNotFoundException(uploadKey, null);
        }
        if (upload.is(Upload.COMPLETE)) {
            return new AlreadyComplete(upload.fileName(), upload.clientUploadId(), upload.totalSize(), upload.sha256());
        }
        if (upload.is(Upload.PUBLISHING)) {
            return new AlreadyDecided(upload.id());
        }
        if (upload.beingVerified(now)) {
            throw new UploadBeingVerifiedException(uploadKey, VERIFICATION_RETRY_AFTER_SECONDS);
        }
        long recorded = ledger.countChunks(upload.id());
        if (recorded != upload.placedChunks() || upload.placedChunks() < totalChunks) {
            throw new UploadIncompleteException(upload.placedChunks() + " of " + totalChunks
                    + " chunks are in place (" + recorded + " received)");
        }
        if (upload.placedChunks() > totalChunks) {
            throw new UploadIncompleteException("the server holds " + upload.placedChunks()
                    + " chunks, more than the declared " + totalChunks);
        }
        if (upload.placedBytes() != totalSize) {
            throw new UploadIncompleteException("the chunks hold " + upload.placedBytes()
                    + " bytes, not the declared " + totalSize);
        }
        if (!storage.exists(upload.assembledAs())) {
            throw new UploadIncompleteException("the assembled file is gone; cancel the upload and send it again");
        }
        syncFile(upload); // the file is hashed and published as it is on disk
        ledger.beginVerification(upload.id(), totalSize, sha256, now.plus(VERIFICATION_LEASE));
        return new ToVerify(upload.id(), upload.assembledAs());
    }

    /** The caller of {@link #beginCompletion} that got {@link ToVerify} is still hashing: its lease runs on. */
    public void renewVerification(long uploadId, Instant now) {
        ledger.renewVerification(uploadId, now.plus(VERIFICATION_LEASE));
    }

    /** What the decision step found. */
    public enum Decision {
        /** Decided: the caller renames the file into place with {@link #publish}. */
        PUBLISH,
        /** The file's digest is not the declared one: the upload takes chunks again, nothing is published. */
        DIGEST_MISMATCH
    }

    /** The decision and the files to delete once it is committed. */
    public record DecisionResult(Decision decision, List<String> deletions) {
    }

    /**
     * Second step: under the locks of the plain upload of the same name and of this one (in key
     * order), re-check that nothing changed since the first step, then either go back to receiving
     * (digest mismatch) or decide to publish: the plain upload of the same name, whose file this
     * one replaces, is forgotten in the same commit, so a crash after the rename can never let
     * start-up trim the published file to the plain record's length.
     */
    public DecisionResult decidePublication(String uploadKey, String plainKey, long totalSize, String declaredSha256,
            String actualSha256, Instant now) {
        LockedUpload plain = uploadKey.equals(plainKey) ? null : ledger.lock(plainKey);
        LockedUpload upload = ledger.lockActive(uploadKey, now);
        if (upload == null) {
            throw new UploadNotFoundException(uploadKey, null);
        }
        if (upload.is(Upload.PUBLISHING) || upload.is(Upload.COMPLETE)) {
            return new DecisionResult(Decision.PUBLISH, List.of());
        }
        if (!upload.is(Upload.COMPLETING) || upload.placedBytes() != totalSize
                || !declaredSha256.equals(upload.sha256())) {
            throw new UploadIncompleteException("the upload changed while it was verified; ask again");
        }
        if (!declaredSha256.equals(actualSha256)) {
            ledger.setState(upload.id(), Upload.RECEIVING, null, null);
            return new DecisionResult(Decision.DIGEST_MISMATCH, List.of());
        }
        List<String> deletions = new ArrayList<>();
        if (plain != null && plain.unfinished()) {
            deletions.addAll(stagedFiles(plain));
            ledger.delete(plain.id());
        }
        ledger.setState(upload.id(), Upload.PUBLISHING, totalSize, declaredSha256);
        return new DecisionResult(Decision.PUBLISH, deletions);
    }

    /** A completed upload's summary, for the completion's answer; {@code now}: this call published it. */
    public record Published(String fileName, String clientUploadId, long totalSize, String sha256, boolean now) {
    }

    /**
     * Last step: rename the decided file into place under the lock and mark the upload complete.
     * Repeating it is harmless: a second caller finds it complete, or finds the file already moved.
     */
    public Published publish(String uploadKey, Instant now) throws IOException {
        LockedUpload upload = ledger.lockActive(uploadKey, now);
        if (upload == null) {
            throw new UploadNotFoundException(uploadKey, null);
        }
        boolean publishing = upload.is(Upload.PUBLISHING);
        if (publishing && !finishPublication(upload)) {
            throw new UploadIncompleteException("the assembled file is gone; cancel the upload and send it again");
        }
        if (!upload.is(Upload.PUBLISHING) && !upload.is(Upload.COMPLETE)) {
            throw new UploadIncompleteException("the upload changed while it was completed; ask again");
        }
        return new Published(upload.fileName(), upload.clientUploadId(), upload.totalSize(), upload.sha256(),
                publishing);
    }

    /**
     * Renames the assembly of a decided upload into place and marks it complete; a missing assembly
     * with the published file there means a crash came between the rename and the commit. Returns
     * false, and sends the upload back to receiving, when neither file is there.
     */
    private boolean finishPublication(LockedUpload upload) throws IOException {
        if (storage.exists(upload.assembledAs())) {
            storage.publish(upload.assembledAs(), upload.fileName());
        } else if (!storage.exists(upload.fileName())) {
            ledger.setState(upload.id(), Upload.RECEIVING, null, null);
            return false;
        }
        ledger.markComplete(upload.id(), Instant.now());
        return true;
    }

    /**
     * Cancels an upload: its rows go, and with them its staged chunks and its unfinished file (a
     * plain upload's is its target). A completed upload's record is forgotten, its file stays.
     * Returns the files to delete once committed.
     */
    public List<String> cancel(String uploadKey, String fileName, String uploadId) throws IOException {
        LockedUpload upload = ledger.lock(uploadKey);
        if (upload == null) {
            throw new UploadNotFoundException(fileName, uploadId);
        }
        if (upload.is(Upload.PUBLISHING)) {
            throw new UploadBeingCompletedException(uploadKey);
        }
        return remove(upload, true);
    }

    /**
     * Expires the upload if, re-checked under the lock, it is still unfinished and idle since
     * {@code cutoff}; a chunk acknowledged since it was listed keeps it. A plain upload has no end,
     * so its target file may well be whole: expiry forgets its tracking and staged chunks but keeps
     * the file. Returns the files to delete once committed, or null when it was not expired.
     */
    public List<String> expire(long uploadId, Instant cutoff) throws IOException {
        LockedUpload upload = ledger.lock(uploadId);
        if (upload == null || !upload.unfinished() || !upload.lastActivity().isBefore(cutoff)) {
            return null;
        }
        if (upload.plain() && storage.exists(upload.assembledAs())) {
            syncFile(upload); // the file stays, its tracking goes: nothing else would keep its last bytes
        }
        return remove(upload, !upload.plain());
    }

    private List<String> remove(LockedUpload upload, boolean withFile) throws IOException {
        List<String> deletions = new ArrayList<>(stagedFiles(upload));
        if (withFile && upload.unfinished()) {
            if (upload.plain()) {
                String movedAside = storage.moveAside(upload.assembledAs());
                if (movedAside != null) {
                    deletions.add(movedAside);
                }
            } else {
                deletions.add(upload.assembledAs()); // a name of its own: nothing new can appear under it
            }
        }
        ledger.delete(upload.id());
        return deletions;
    }

    /**
     * Makes the file durable through the placed prefix: the chunks placed without a sync are
     * written again from their rows, the file synced, and the rows let go of their bytes.
     */
    private void syncFile(LockedUpload upload) throws IOException {
        if (!upload.hasUnsyncedChunks()) {
            return;
        }
        try (TargetFile target = storage.openTarget(upload.assembledAs(), upload.syncedBytes())) {
            syncThrough(target, upload, upload.placedChunks(), upload.placedBytes());
        }
    }

    /**
     * Syncs the file with the prefix placed through {@code chunks}/{@code bytes}: what was placed
     * without a sync before this transaction written again from its rows, the file forced, the rows'
     * bytes dropped and the upload's row saying all of it is synced.
     */
    private void syncThrough(TargetFile target, LockedUpload upload, int chunks, long bytes) throws IOException {
        rewriteUnsynced(target, upload);
        target.force();
        ledger.dropUnsyncedBytes(upload.id(), upload.syncedChunks());
        ledger.setPlaced(upload.id(), chunks, bytes, chunks, bytes);
    }

    /**
     * Writes the chunks placed without a sync (as the row lock found them) from their rows into the
     * file again. Written before, but maybe by another node, or by this machine before it crashed:
     * what is in this machine's page cache is no proof; the rows are.
     */
    private void rewriteUnsynced(TargetFile target, LockedUpload upload) throws IOException {
        long at = upload.syncedBytes();
        int expected = upload.syncedChunks();
        for (ChunkLedger.UnsyncedChunk chunk : ledger.unsyncedChunks(upload.id(), upload.syncedChunks(),
                upload.placedChunks())) {
            if (chunk.index() != expected) {
                throw new IllegalStateException("chunk " + expected + " of upload " + upload.id()
                        + " was placed without a sync and has no bytes in its row");
            }
            target.write(chunk.bytes(), at);
            at += chunk.bytes().length;
            expected++;
        }
        if (expected != upload.placedChunks()) {
            throw new IllegalStateException("upload " + upload.id() + ": chunks " + expected + " to "
                    + (upload.placedChunks() - 1) + " were placed without a sync and have no bytes in their rows");
        }
    }

    /** The staging files of the upload's recorded chunks that wait there. */
    private List<String> stagedFiles(LockedUpload upload) {
        if (upload.is(Upload.COMPLETE)) {
            return List.of();
        }
        return stagingPaths(ledger.chunksFrom(upload.id(), upload.placedChunks(), Integer.MAX_VALUE));
    }

    /** The staging files the rows name (none for a chunk written straight into its file). */
    private List<String> stagingPaths(List<RecordedChunk> rows) {
        return rows.stream()
                .map(RecordedChunk::stagedAs)
                .filter(stagedAs -> !ChunkLedger.PLACED_DIRECTLY.equals(stagedAs))
                .map(storage::stagingPath)
                .toList();
    }

    /** The walk along an upload's file from its placed prefix, under the row lock; closes the file it opened. */
    private final class Run implements AutoCloseable {

        final LockedUpload upload;
        final Map<Integer, RecordedChunk> recorded = new HashMap<>();
        /** Rows past a full read may exist unread: the run must not walk beyond what was read. */
        final int lastKnown;
        /** Staging files of recorded chunks this run placed, to delete once committed. */
        final List<String> placedFromStaging = new ArrayList<>();
        /** Chunks of the batch this run placed (and recorded). */
        final List<PendingChunk> placedFresh = new ArrayList<>();
        int next;
        long offset;
        /** The upload's file, opened by the first chunk placed. */
        private TargetFile target;
        /** Whether a chunk was placed that has no row to keep its bytes (staged, or large): the file must be synced. */
        private boolean mustSync;

        /** Reads the chunks recorded from the placed prefix on; the row must be locked. */
        Run(LockedUpload upload) {
            this.upload = upload;
            List<RecordedChunk> waiting = ledger.chunksFrom(upload.id(), upload.placedChunks(), RUN_CHUNKS);
            waiting.forEach(chunk -> recorded.put(chunk.index(), chunk));
            lastKnown = waiting.size() < RUN_CHUNKS ? Integer.MAX_VALUE : waiting.get(waiting.size() - 1).index();
            next = upload.placedChunks();
            offset = upload.placedBytes();
        }

        /**
         * Writes each next chunk at its offset, from staging (recorded) or from the batch ({@code
         * fresh}, recorded now and removed from it), until a gap or the byte limit.
         */
        void place(Map<Integer, PendingChunk> fresh, Instant now) throws IOException {
            while (next <= lastKnown && offset - upload.placedBytes() < RUN_BYTES) {
                RecordedChunk staged = recorded.get(next);
                long size;
                if (staged != null) {
                    target().copyStaged(staged.stagedAs(), offset);
                    placedFromStaging.add(storage.stagingPath(staged.stagedAs()));
                    size = staged.size();
                    mustSync = true;
                } else {
                    PendingChunk chunk = fresh.remove(next);
                    if (chunk == null) {
                        break;
                    }
                    if (offset == 0) {
                        requireAsDeclared(chunk); // before the write that may create the file
                    }
                    byte[] kept = null;
                    if (chunk.body instanceof ChunkBody.Held held) {
                        kept = held.bytes().length <= UNSYNCED_CHUNK_MAX ? held.bytes() : null;
                        if (kept != null) {
                            target().write(held.bytes(), offset);
                        } else {
                            target().writeThrough(held.bytes(), offset); // synced by this run's commit
                        }
                    } else {
                        target().copyStaged(((ChunkBody.Staged) chunk.body).stagedAs(), offset);
                    }
                    // A large held chunk's digest was computed while it was written (ChunkDigest), so it is checked
                    // only now: refused, its bytes are cut off again, and the transaction undone.
                    if (!chunk.asDeclared()) {
                        target().cutAt(offset);
                        requireAsDeclared(chunk);
                    }
                    mustSync |= kept == null;
                    if (!ledger.record(upload.id(), next, chunk.body.size(), chunk.sha256(),
                            ChunkLedger.PLACED_DIRECTLY, kept, now)) {
                        throw new IllegalStateException("chunk " + next + " of upload " + upload.id() + " recorded while locked");
                    }
                    placedFresh.add(chunk);
                    size = chunk.body.size();
                }
                offset += size;
                next++;
            }
        }

        private TargetFile target() throws IOException {
            if (target == null) {
                target = storage.openTarget(upload.assembledAs(), upload.placedBytes());
            }
            return target;
        }

        /**
         * Moves the prefix over what was placed, syncing the file first unless every chunk since
         * its last sync keeps its bytes in its row and they stay within the limits; nothing when
         * nothing was placed.
         */
        void commit() throws IOException {
            if (next == upload.placedChunks()) {
                return;
            }
            if (!mustSync && next - upload.syncedChunks() <= UNSYNCED_CHUNKS_MAX
                    && offset - upload.syncedBytes() <= UNSYNCED_BYTES_MAX) {
                ledger.setPlaced(upload.id(), next, offset, upload.syncedChunks(), upload.syncedBytes());
                return;
            }
            syncThrough(target, upload, next, offset);
        }

        /** Whether more might be placeable right away: the limit stopped the walk, not a gap. */
        boolean cutShort() {
            return recorded.containsKey(next) || (next > lastKnown && next > upload.placedChunks());
        }

        @Override
        public void close() throws IOException {
            if (target != null) {
                target.close();
            }
        }
    }
}
