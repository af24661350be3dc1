package io.indexedcp.server.control;

import io.indexedcp.server.control.UploadTransactions.Repair;
import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.entity.TrackingDatabase;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start: bring every unfinished upload back to its record ({@link UploadTransactions#recover}),
 * then finish placements a crash left undone. Whatever a crash or a full disk left behind is
 * repaired and reported, one upload at a time: one upload that cannot be repaired is logged and
 * left for the next start, it never stops the deployment.
 *
 * <p>Only uploads idle for {@code INDEXEDCP_RECOVER_IDLE_AFTER} are repaired, re-checked as each
 * row is locked. With SQLite (one node) the default is zero: everything was this node's. With a
 * shared database it is {@link #SHARED_IDLE}: an upload active since then may be another live
 * node's, and is left to it; the expiry job repairs those that fall idle later
 * ({@link #recoverIdle}), so the uploads of a node that never comes back are repaired too.
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

    @Inject
    ServerSettings settings;

    /** How long an upload must be idle before a node repairs it when several nodes share the database. */
    static final Duration SHARED_IDLE = Duration.ofMinutes(2);

    /** Repairs the unfinished uploads idle long enough; returns how many were checked. */
    public int recover() {
        return recoverIdle(() -> { });
    }

    /** Whether uploads may be another node's (then some are left alone, see the class). */
    boolean shared() {
        return TrackingDatabase.configured().shared();
    }

    private Duration idleAfter() {
        return settings.recoverIdleAfter().orElse(shared() ? SHARED_IDLE : Duration.ZERO);
    }

    /**
     * The periodic pass on a shared database: what {@link #recover()} left because it was active
     * then. {@code between} runs before each upload and may end the pass by throwing.
     */
    int recoverIdle(Runnable between) {
        Instant idleBefore = Instant.now().minus(idleAfter());
        int checked = 0;
        for (Upload upload : tracking.unfinishedUploads()) {
            between.run();
            if (!upload.getLastActivity().isBefore(idleBefore)) {
                continue; // active since: maybe another node's (checked again under the lock)
            }
            try {
                Repair repair = transactions.recover(upload.getId(), idleBefore);
                if (repair.uploadKey() == null) {
                    continue; // gone, complete or active since it was listed
                }
                checked++;
                cleanup.delete(repair.deletions());
                if (repair.changedAnything()) {
                    LOG.warning(() -> describe(repair));
                }
                placer.placeReadyChunks(upload.getId());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.SEVERE, "Cannot recover upload " + upload.getUploadKey()
                        + " now; left as it is for the next start or expiry run", e);
            }
        }
        return checked;
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
