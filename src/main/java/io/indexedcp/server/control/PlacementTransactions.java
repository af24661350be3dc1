package io.indexedcp.server.control;

import io.indexedcp.server.entity.ChunkLedger;
import io.indexedcp.server.entity.ChunkLedger.LockedUpload;
import io.indexedcp.server.entity.ChunkLedger.WaitingChunk;
import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import io.indexedcp.server.storage.ChunkStorage;
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
 * The steps that write bytes into an upload's file beyond its placed prefix. Each runs in one
 * transaction that first locks the upload's row ({@link ChunkLedger#lock}), writes and syncs the
 * bytes, then records them and moves the prefix — so a crash leaves either the old record (and at
 * most bytes beyond it, which {@link #trimToPlaced} cuts off) or the new one, and no two writers,
 * in this JVM or another instance, ever write past the prefix at the same time.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class PlacementTransactions {

    /** How many waiting chunks one run reads, and how many bytes it copies under the lock at most. */
    static final int RUN_CHUNKS = 256;
    static final long RUN_BYTES = 64L * 1024 * 1024;

    /** The {@code staged_as} of a chunk that never waited in staging. */
    static final String PLACED_DIRECTLY = "-";

    @Inject
    ChunkLedger ledger;

    @Inject
    ChunkStorage storage;

    /**
     * What a batch did: each chunk's outcome, the staging files of waiting chunks it placed (to
     * delete once committed), uploads whose placeable run it cut short at its limits, and each
     * upload's placed prefix (in chunks) as it committed it, by upload key.
     */
    public record BatchResult(Map<PendingChunk, PendingChunk.Outcome> outcomes, List<String> placedFromStaging,
            List<Long> uploadsLeftToPlace, Map<String, Integer> placedChunks) {
    }

    /**
     * Commits a batch of staged chunks in one transaction: per upload (in key order, so that
     * instances sharing a database lock rows in one order), lock the row (creating the upload on
     * its first chunk), write every chunk that continues the placed prefix — offered or waiting in
     * staging — at its offset, sync the file once, record the new chunks and move the prefix;
     * chunks further ahead are synced in staging and recorded to wait there. One commit, one sync
     * per file, for the whole batch.
     */
    public BatchResult commitBatch(List<PendingChunk> batch, Instant now) throws IOException {
        Map<String, List<PendingChunk>> byUpload = new TreeMap<>();
        for (PendingChunk chunk : batch) {
            byUpload.computeIfAbsent(chunk.upload.uploadKey(), key -> new ArrayList<>()).add(chunk);
        }
        BatchResult result = new BatchResult(new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new HashMap<>());
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
        LockedUpload upload = ledger.lock(identity.uploadKey(), now);
        if (upload == null) {
            ledger.create(identity, now);
            // Locked again: on PostgreSQL an insert that lost to a concurrent one took no lock on the winner's row.
            upload = ledger.lock(identity.uploadKey(), now);
            if (upload == null) {
                throw new IllegalStateException("upload " + identity.uploadKey() + " was removed as it was created");
            }
        }
        if (upload.complete()) {
            offered.forEach(chunk -> result.outcomes().put(chunk, PendingChunk.Outcome.ALREADY_RECEIVED));
            return false;
        }
        Run run = new Run(upload);
        Map<Integer, PendingChunk> fresh = new TreeMap<>();
        for (PendingChunk chunk : offered) {
            if (chunk.chunkIndex < upload.placedChunks() || run.recorded.containsKey(chunk.chunkIndex)
                    || fresh.putIfAbsent(chunk.chunkIndex, chunk) != null) {
                result.outcomes().put(chunk, PendingChunk.Outcome.ALREADY_RECEIVED);
            }
        }
        run.place(fresh, now);
        run.placedFresh.forEach(chunk -> result.outcomes().put(chunk, PendingChunk.Outcome.PLACED));
        result.placedFromStaging().addAll(run.placedFromStaging);
        boolean newWaiting = false;
        for (PendingChunk chunk : fresh.values()) {
            if (!chunk.stagedDurably) {
                storage.forceStaged(chunk.staged.stagedAs());
            }
            boolean recorded = ledger.record(upload.id(), chunk.chunkIndex, chunk.staged.size(), chunk.sha256,
                    chunk.staged.stagedAs(), now);
            result.outcomes().put(chunk, recorded ? PendingChunk.Outcome.WAITING : PendingChunk.Outcome.ALREADY_RECEIVED);
            newWaiting |= recorded;
        }
        run.commit(now);
        result.placedChunks().put(identity.uploadKey(), run.next);
        if (run.cutShort()) {
            result.uploadsLeftToPlace().add(upload.id());
        }
        return newWaiting;
    }

    /**
     * Places the contiguous run of staged chunks that follows the prefix, under the lock. Returns
     * the staging files it placed (to delete once committed); empty when there was nothing to place.
     */
    public List<String> placeRun(long uploadId, Instant now) throws IOException {
        LockedUpload upload = ledger.lock(uploadId, now);
        if (upload == null || upload.complete()) {
            return List.of();
        }
        Run run = new Run(upload);
        run.place(new TreeMap<>(), now);
        run.commit(now);
        return run.placedFromStaging;
    }

    /** Cuts an unfinished upload's file back to its placed prefix: bytes a crash left beyond the record. */
    public void trimToPlaced(long uploadId, Instant now) throws IOException {
        LockedUpload upload = ledger.lock(uploadId, now);
        if (upload != null && !upload.complete()) {
            storage.truncate(upload.assembledAs(), upload.placedBytes());
        }
    }

    /** The walk along an upload's file from its placed prefix, under the row lock. */
    private final class Run {

        final LockedUpload upload;
        final Map<Integer, WaitingChunk> recorded = new HashMap<>();
        /** Rows past a full read may exist unread: the run must not walk beyond what was read. */
        final int lastKnown;
        /** Staging files of recorded chunks this run placed, to delete once committed. */
        final List<String> placedFromStaging = new ArrayList<>();
        /** Chunks of the batch this run placed (and recorded). */
        final List<PendingChunk> placedFresh = new ArrayList<>();
        int next;
        long offset;

        /** Reads the chunks recorded from the placed prefix on; the row must be locked. */
        Run(LockedUpload upload) {
            this.upload = upload;
            List<WaitingChunk> waiting = ledger.chunksFrom(upload.id(), upload.placedChunks(), RUN_CHUNKS);
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
                WaitingChunk staged = recorded.get(next);
                long size;
                if (staged != null) {
                    storage.place(staged.stagedAs(), upload.assembledAs(), offset);
                    placedFromStaging.add(staged.stagedAs());
                    size = staged.size();
                } else {
                    PendingChunk chunk = fresh.remove(next);
                    if (chunk == null) {
                        break;
                    }
                    storage.place(chunk.staged.stagedAs(), upload.assembledAs(), offset);
                    if (!ledger.record(upload.id(), next, chunk.staged.size(), chunk.sha256, PLACED_DIRECTLY, now)) {
                        throw new IllegalStateException("chunk " + next + " of upload " + upload.id() + " recorded while locked");
                    }
                    placedFresh.add(chunk);
                    size = chunk.staged.size();
                }
                offset += size;
                next++;
            }
        }

        /** Syncs what was written and moves the prefix over it; nothing when nothing was placed. */
        void commit(Instant now) throws IOException {
            if (next == upload.placedChunks()) {
                return;
            }
            storage.force(upload.assembledAs());
            if (!ledger.advance(upload.id(), upload.placedChunks(), next, offset, now)) {
                throw new IllegalStateException("placed prefix of upload " + upload.id() + " moved while locked");
            }
        }

        /** Whether more might be placeable right away: the limit stopped the walk, not a gap. */
        boolean cutShort() {
            return recorded.containsKey(next) || (next > lastKnown && next > upload.placedChunks());
        }
    }
}
