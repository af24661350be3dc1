package io.indexedcp.server.control;

import io.indexedcp.server.entity.ReceivedChunk;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
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
import java.util.Optional;
import java.util.TreeMap;

/**
 * The steps that write bytes into an upload's file beyond its placed prefix. Each runs in one
 * transaction that first locks the upload's row ({@link TrackingRepository#lockUpload}), writes
 * and syncs the bytes, then records them and moves the prefix — so a crash leaves either the old
 * record (and at most bytes beyond it, which {@link #trimToPlaced} cuts off) or the new one, and
 * no two writers, in this JVM or another instance, ever write past the prefix at the same time.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class PlacementTransactions {

    /** How many waiting chunks one run reads, and how many bytes it copies under the lock at most. */
    static final int RUN_CHUNKS = 256;
    static final long RUN_BYTES = 64L * 1024 * 1024;

    @Inject
    TrackingRepository tracking;

    @Inject
    ChunkStorage storage;

    /**
     * What a batch did: each chunk's outcome, the staging files of waiting chunks it placed (to
     * delete once committed), and uploads whose placeable run it cut short at its limits.
     */
    public record BatchResult(Map<PendingChunk, PendingChunk.Outcome> outcomes, List<String> placedFromStaging,
            List<Long> uploadsLeftToPlace) {
    }

    /**
     * Commits a batch of staged chunks in one transaction: per upload (in ascending id order, so
     * that instances sharing a database lock rows in one order), lock the row, write every chunk
     * that continues the placed prefix — offered or waiting in staging — at its offset, sync the
     * file once, record the new chunks and move the prefix; chunks further ahead are synced in
     * staging and recorded to wait there. One commit, one sync per file, for the whole batch.
     */
    public BatchResult commitBatch(List<PendingChunk> batch, Instant now) throws IOException {
        Map<Long, List<PendingChunk>> byUpload = new TreeMap<>();
        for (PendingChunk chunk : batch) {
            byUpload.computeIfAbsent(chunk.uploadId, id -> new ArrayList<>()).add(chunk);
        }
        BatchResult result = new BatchResult(new HashMap<>(), new ArrayList<>(), new ArrayList<>());
        boolean newWaiting = false;
        for (Map.Entry<Long, List<PendingChunk>> upload : byUpload.entrySet()) {
            newWaiting |= commitUpload(upload.getKey(), upload.getValue(), now, result);
        }
        if (newWaiting) {
            storage.forceStagingDirectory(); // the staging files' names, once for all, before the rows naming them
        }
        return result;
    }

    /** One upload's share of a batch; returns whether a chunk was recorded to wait in staging. */
    private boolean commitUpload(long uploadId, List<PendingChunk> offered, Instant now, BatchResult result)
            throws IOException {
        Upload upload = tracking.lockUpload(uploadId, now);
        if (upload == null || upload.isComplete()) {
            offered.forEach(chunk -> result.outcomes().put(chunk, PendingChunk.Outcome.ALREADY_RECEIVED));
            return false;
        }
        int placed = upload.getPlacedChunks();
        List<ReceivedChunk> waiting = tracking.chunksFrom(uploadId, placed, RUN_CHUNKS);
        Map<Integer, ReceivedChunk> recorded = new HashMap<>();
        waiting.forEach(chunk -> recorded.put(chunk.getChunkIndex(), chunk));
        // Rows past a full read may exist unread: the run must not walk beyond what was read.
        int lastKnown = waiting.size() < RUN_CHUNKS ? Integer.MAX_VALUE : waiting.get(waiting.size() - 1).getChunkIndex();
        Map<Integer, PendingChunk> fresh = new TreeMap<>();
        for (PendingChunk chunk : offered) {
            if (chunk.chunkIndex < placed || recorded.containsKey(chunk.chunkIndex)
                    || fresh.putIfAbsent(chunk.chunkIndex, chunk) != null) {
                result.outcomes().put(chunk, PendingChunk.Outcome.ALREADY_RECEIVED);
            }
        }
        int next = placed;
        long offset = upload.getPlacedBytes();
        while (next <= lastKnown && offset - upload.getPlacedBytes() < RUN_BYTES) {
            ReceivedChunk staged = recorded.get(next);
            long size;
            if (staged != null) {
                storage.place(staged.getStagedAs(), upload.getAssembledAs(), offset);
                result.placedFromStaging().add(staged.getStagedAs());
                size = staged.getSize();
            } else {
                PendingChunk chunk = fresh.remove(next);
                if (chunk == null) {
                    break;
                }
                storage.place(chunk.staged.stagedAs(), upload.getAssembledAs(), offset);
                if (!tracking.insertChunk(uploadId, next, chunk.staged.size(), chunk.sha256, PLACED_DIRECTLY, now)) {
                    throw new IllegalStateException("chunk " + next + " of upload " + uploadId + " recorded while locked");
                }
                result.outcomes().put(chunk, PendingChunk.Outcome.PLACED);
                size = chunk.staged.size();
            }
            offset += size;
            next++;
        }
        if (recorded.containsKey(next) || (next > lastKnown && next > placed)) {
            result.uploadsLeftToPlace().add(uploadId);
        }
        boolean newWaiting = false;
        for (PendingChunk chunk : fresh.values()) {
            if (!chunk.stagedDurably) {
                storage.forceStaged(chunk.staged.stagedAs());
            }
            boolean inserted = tracking.insertChunk(uploadId, chunk.chunkIndex, chunk.staged.size(), chunk.sha256,
                    chunk.staged.stagedAs(), now);
            result.outcomes().put(chunk, inserted ? PendingChunk.Outcome.WAITING : PendingChunk.Outcome.ALREADY_RECEIVED);
            newWaiting |= inserted;
        }
        if (next > placed) {
            storage.force(upload.getAssembledAs());
            if (!tracking.advancePlacement(uploadId, placed, next, offset, now)) {
                throw new IllegalStateException("placed prefix of upload " + uploadId + " moved while locked");
            }
        }
        return newWaiting;
    }

    /** The {@code staged_as} of a chunk that never waited in staging. */
    static final String PLACED_DIRECTLY = "-";

    /**
     * Places the contiguous run of staged chunks that follows the prefix, under the lock. Returns
     * the staging files it placed (to delete once committed); empty when there was nothing to place.
     */
    public List<String> placeRun(long uploadId, Instant now) throws IOException {
        Optional<TrackingRepository.PlacementState> state = tracking.lockedPlacementState(uploadId, RUN_CHUNKS, now);
        if (state.isEmpty()) {
            return List.of();
        }
        Upload upload = state.get().upload();
        int next = upload.getPlacedChunks();
        long offset = upload.getPlacedBytes();
        List<String> placed = new ArrayList<>();
        for (ReceivedChunk chunk : state.get().waiting()) {
            if (chunk.getChunkIndex() != next || (!placed.isEmpty() && offset - upload.getPlacedBytes() >= RUN_BYTES)) {
                break;
            }
            storage.place(chunk.getStagedAs(), upload.getAssembledAs(), offset);
            placed.add(chunk.getStagedAs());
            offset += chunk.getSize();
            next++;
        }
        if (placed.isEmpty()) {
            return placed;
        }
        storage.force(upload.getAssembledAs());
        if (!tracking.advancePlacement(uploadId, upload.getPlacedChunks(), next, offset, now)) {
            throw new IllegalStateException("placed prefix of upload " + uploadId + " moved while locked");
        }
        return placed;
    }

    /** Cuts an unfinished upload's file back to its placed prefix: bytes a crash left beyond the record. */
    public void trimToPlaced(long uploadId, Instant now) throws IOException {
        Upload upload = tracking.lockUpload(uploadId, now);
        if (upload != null && !upload.isComplete()) {
            storage.truncate(upload.getAssembledAs(), upload.getPlacedBytes());
        }
    }
}
