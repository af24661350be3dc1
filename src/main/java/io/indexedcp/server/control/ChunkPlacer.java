package io.indexedcp.server.control;

import io.indexedcp.server.entity.ReceivedChunk;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.ChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Moves staged chunks into the target file once every chunk before them is there, because only
 * then is a chunk's offset known (the sum of the sizes before it; clients send no offsets).
 *
 * <p>No lock is taken. Placing a chunk writes the same bytes at the same offset however often it
 * is done, so concurrent placers — threads or whole server instances — cannot corrupt the file;
 * the database decides, by compare-and-set on the placed prefix, which of them moves it forward,
 * and a staging file is deleted only after that move is committed. A crash at any point leaves
 * a state that the next placement simply repeats.
 */
@ApplicationScoped
public class ChunkPlacer {

    /** How many waiting chunks one round reads from the database. */
    private static final int BATCH = 256;

    @Inject
    TrackingRepository tracking;

    @Inject
    ChunkStorage storage;

    /** Places every chunk of the upload that can be placed now. */
    public void placeReadyChunks(long uploadId) {
        try {
            while (placeNextRun(uploadId)) {
                // another round
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Finishes placements that a stopped or crashed server left undone; run at start. */
    public int placeAllPending() {
        List<Long> pending = tracking.uploadsWithPlaceableChunks();
        pending.forEach(this::placeReadyChunks);
        return pending.size();
    }

    private int placedChunksNow(long uploadId) {
        return tracking.findUpload(uploadId).map(Upload::getPlacedChunks).orElse(-1);
    }

    /**
     * Places one contiguous run of chunks; true when another round is needed: the placed prefix
     * moved under us, or the run filled a whole batch. A chunk recorded after this round read the
     * database is placed by the request that recorded it, so no round is owed for it.
     */
    private boolean placeNextRun(long uploadId) throws IOException {
        Optional<TrackingRepository.PlacementState> state = tracking.placementState(uploadId, BATCH);
        if (state.isEmpty()) {
            return false; // cancelled or expired meanwhile: nothing left to place
        }
        Upload upload = state.get().upload();
        List<ReceivedChunk> waiting = state.get().waiting();
        int placed = upload.getPlacedChunks();
        long offset = upload.getPlacedBytes();
        int next = placed;
        for (ReceivedChunk chunk : waiting) {
            if (chunk.getChunkIndex() != next) {
                break;
            }
            try {
                storage.place(chunk.getStagedAs(), upload.getAssembledAs(), offset);
            } catch (NoSuchFileException gone) {
                // Normally another placer finished this chunk and removed its staging file: start over
                // from its state. If the prefix has not moved, the file was lost, and looping would not help.
                if (placedChunksNow(uploadId) == placed) {
                    throw new IllegalStateException("staged bytes of chunk " + chunk.getChunkIndex() + " of upload "
                            + upload.getUploadKey() + " are missing: " + chunk.getStagedAs(), gone);
                }
                return true;
            }
            offset += chunk.getSize();
            next++;
        }
        if (next == placed) {
            return false;
        }
        storage.force(upload.getAssembledAs());
        if (!tracking.advancePlacement(uploadId, placed, next, offset, Instant.now())) {
            return true;
        }
        for (ReceivedChunk chunk : waiting.subList(0, next - placed)) {
            storage.discard(chunk.getStagedAs());
        }
        return next - placed == BATCH;
    }
}
