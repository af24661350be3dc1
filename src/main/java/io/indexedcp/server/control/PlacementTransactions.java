package io.indexedcp.server.control;

import io.indexedcp.server.entity.ReceivedChunk;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.ChunkStorage;
import io.indexedcp.server.storage.StagedChunk;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** What became of a chunk offered for direct placement. */
    public enum Direct {
        /** Written at its offset, recorded and placed. */
        PLACED,
        /** The server already held it (or the upload is complete): nothing written. */
        ALREADY_RECEIVED,
        /** Not the next chunk in order (or the upload is gone): it must wait in staging. */
        NOT_NEXT
    }

    /**
     * Places a staged chunk straight into the file if it is the next one in order: one sync of the
     * file and one commit, instead of syncing it in staging and placing it later.
     */
    public Direct placeInOrder(long uploadId, int chunkIndex, StagedChunk staged, String sha256, Instant now)
            throws IOException {
        Upload upload = tracking.lockUpload(uploadId, now);
        if (upload == null) {
            return Direct.NOT_NEXT;
        }
        if (upload.isComplete() || tracking.isRecorded(uploadId, chunkIndex)) {
            return Direct.ALREADY_RECEIVED;
        }
        if (upload.getPlacedChunks() != chunkIndex) {
            return Direct.NOT_NEXT;
        }
        storage.place(staged.stagedAs(), upload.getAssembledAs(), upload.getPlacedBytes());
        storage.force(upload.getAssembledAs());
        if (!tracking.insertChunk(uploadId, chunkIndex, staged.size(), sha256, PLACED_DIRECTLY, now)) {
            // Recorded meanwhile through staging (PostgreSQL: that insert does not take the row lock):
            // the bytes just written are that chunk's own; its placement will write them again.
            return Direct.ALREADY_RECEIVED;
        }
        if (!tracking.advancePlacement(uploadId, chunkIndex, chunkIndex + 1,
                upload.getPlacedBytes() + staged.size(), now)) {
            throw new IllegalStateException("placed prefix of upload " + uploadId + " moved while locked");
        }
        return Direct.PLACED;
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
