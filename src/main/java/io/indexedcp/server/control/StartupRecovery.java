package io.indexedcp.server.control;

import io.indexedcp.server.control.UploadTransactions.Repair;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start: bring every unfinished upload back to its record ({@link UploadTransactions#recover}),
 * then finish placements a crash left undone. Whatever a crash or a full disk left behind is
 * repaired and reported, one upload at a time: one upload that cannot be repaired is logged and
 * left for the next start, it never stops the deployment.
 */
@ApplicationScoped
public class StartupRecovery {

    private static final Logger LOG = Logger.getLogger(StartupRecovery.class.getName());

    @Inject
    TrackingRepository tracking;

    @Inject
    UploadTransactions transactions;

    @Inject
    ChunkPlacer placer;

    @Inject
    FileCleanup cleanup;

    /** Returns how many uploads were looked at. */
    public int recover() {
        List<Upload> unfinished = tracking.unfinishedUploads();
        for (Upload upload : unfinished) {
            try {
                Repair repair = transactions.recover(upload.getId());
                cleanup.delete(repair.deletions());
                if (repair.changedAnything()) {
                    LOG.warning(() -> describe(repair));
                }
                placer.placeReadyChunks(upload.getId());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "Cannot recover upload " + upload.getUploadKey()
                        + " now; left as it is for the next start", e);
            }
        }
        return unfinished.size();
    }

    private static String describe(Repair repair) {
        if (repair.published()) {
            return "Recovery: published " + repair.uploadKey() + ", whose completion a crash interrupted";
        }
        if (repair.prefixLost()) {
            return "Recovery: the file of " + repair.uploadKey() + " is shorter than its record (deleted or cut"
                    + " outside the server); the upload was forgotten, " + repair.chunksForgotten()
                    + " chunk(s) must be sent again";
        }
        return "Recovery: " + repair.uploadKey() + ": cut " + repair.bytesTrimmed() + " unrecorded byte(s) off its file, "
                + "forgot " + repair.chunksForgotten() + " recorded chunk(s) whose bytes were gone (they will be sent again)";
    }
}
