package io.indexedcp.server.control;

import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Moves staged chunks into the target file once every chunk before them is there, because only
 * then is a chunk's offset known (the sum of the sizes before it; plain clients send no offsets).
 * Each run happens in {@link UploadTransactions#placeRun} under the upload's row lock; a staging
 * file is deleted only after the run that placed it committed.
 */
@ApplicationScoped
public class ChunkPlacer {

    @Inject
    TrackingRepository tracking;

    @Inject
    UploadTransactions transactions;

    @Inject
    FileCleanup cleanup;

    /** Places every chunk of the upload that can be placed now. */
    public void placeReadyChunks(long uploadId) {
        if (tracking.hasPlaceableChunk(uploadId)) { // the common case, answered by a read: no lock taken
            placeAll(uploadId);
        }
    }

    /** {@link #placeReadyChunks(long)} of the upload with that key, if there is one. */
    public void placeReadyChunks(String uploadKey) {
        tracking.findUploadByKey(uploadKey).map(Upload::getId).ifPresent(this::placeReadyChunks);
    }

    /** One run after another, each in a transaction of its own, until nothing more is placeable. */
    void placeAll(long uploadId) {
        try {
            List<String> placed;
            do {
                placed = transactions.placeRun(uploadId);
                cleanup.delete(placed);
            } while (!placed.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
