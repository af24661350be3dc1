package io.indexedcp.server.control;

import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.storage.ChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The limits a chunk must pass before a byte of it is staged, in this order: the output volume's
 * free space ({@code INDEXEDCP_MIN_FREE_BYTES}, 507), the owner's quota ({@code
 * INDEXEDCP_QUOTA_BYTES}, 413), the owner's uploads in progress ({@code
 * INDEXEDCP_MAX_UPLOADS_IN_PROGRESS}, 429). The chunk counts as its {@code Content-Length}, or as
 * the largest chunk when it has none (a chunked body). Quota and uploads in progress are read from
 * the tracking database, so nodes sharing one database share them; each is asked only when set.
 */
@ApplicationScoped
public class ChunkLimits {

    private static final Logger LOG = Logger.getLogger(ChunkLimits.class.getName());

    @Inject
    ServerSettings settings;

    @Inject
    TrackingRepository tracking;

    @Inject
    ChunkStorage storage;

    /**
     * Refuses the chunk {@code chunkIndex} of the upload {@code uploadKey} of {@code owner} (v2
     * when {@code withUploadId}) if it breaks a limit.
     */
    public void check(String owner, String uploadKey, boolean withUploadId, int chunkIndex, long contentLength) {
        long bytes = contentLength >= 0 ? contentLength : settings.maxChunkBytes();
        checkFreeSpace(bytes);
        Optional<Long> quota = settings.quotaBytes();
        if (quota.isPresent()) {
            long used = tracking.storedBytes(owner);
            // A chunk the server holds already is answered as a duplicate, and stores nothing more.
            if (used + bytes > quota.get() && !tracking.holdsChunk(uploadKey, chunkIndex)) {
                throw new QuotaExceededException(owner, quota.get(), used, bytes);
            }
        }
        Optional<Long> maxInProgress = settings.maxUploadsInProgress();
        // Only a chunk that would start a v2 upload: a plain upload has no end, so it is never "in progress".
        if (maxInProgress.isPresent() && withUploadId && tracking.findUploadByKey(uploadKey).isEmpty()
                && tracking.uploadsInProgress(owner) >= maxInProgress.get()) {
            throw new TooManyUploadsException(owner, maxInProgress.get());
        }
    }

    private void checkFreeSpace(long bytes) {
        long minFree = settings.minFreeBytes();
        if (minFree <= 0) {
            return;
        }
        long usable;
        try {
            usable = storage.usableSpace();
        } catch (IOException e) {
            // Unknown: the write itself will find out (and answer 507 if the disk is full).
            LOG.warning(() -> "Could not read the output volume's free space: " + e);
            return;
        }
        if (usable - bytes < minFree) {
            throw new LowDiskSpaceException(minFree);
        }
    }
}
