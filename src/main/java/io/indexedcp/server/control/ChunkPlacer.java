package io.indexedcp.server.control;

import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.ChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Moves staged chunks into the target file once every chunk before them is there, because only
 * then is a chunk's offset known (the sum of the sizes before it; plain clients send no offsets).
 * Each run happens in {@link PlacementTransactions#placeRun} under the upload's row lock; a
 * staging file is deleted only after the run that placed it committed.
 */
@ApplicationScoped
public class ChunkPlacer {

    @Inject
    TrackingRepository tracking;

    @Inject
    PlacementTransactions transactions;

    @Inject
    ChunkStorage storage;

    /** Places every chunk of the upload that can be placed now. */
    public void placeReadyChunks(long uploadId) {
        try {
            if (!tracking.hasPlaceableChunk(uploadId)) {
                return; // the common case, answered by a read: no lock taken
            }
            List<String> placed;
            do {
                placed = transactions.placeRun(uploadId, Instant.now());
                for (String stagedAs : placed) {
                    storage.discard(stagedAs);
                }
            } while (!placed.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * At start: cut every unfinished upload's file back to its recorded prefix (a crash between
     * writing a chunk and recording it leaves its bytes beyond), then finish placements a crash
     * left undone. Returns how many uploads were looked at.
     */
    public int recover() {
        List<Upload> receiving = tracking.receivingUploads();
        try {
            for (Upload upload : receiving) {
                transactions.trimToPlaced(upload.getId(), Instant.now());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tracking.uploadsWithPlaceableChunks().forEach(this::placeReadyChunks);
        return receiving.size();
    }
}
