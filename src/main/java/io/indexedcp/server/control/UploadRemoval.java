package io.indexedcp.server.control;

import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.ChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Removing an upload: on the client's request ({@code DELETE}) or when it has been idle too long.
 * Each removal is {@link UploadTransactions#cancel} or {@link UploadTransactions#expire} (rows
 * first, under the row lock), then the files they return.
 */
@ApplicationScoped
public class UploadRemoval {

    private static final Logger LOG = Logger.getLogger(UploadRemoval.class.getName());

    @Inject
    TrackingRepository tracking;

    @Inject
    UploadTransactions transactions;

    @Inject
    ChunkStorage storage;

    @Inject
    FileCleanup cleanup;

    @Inject
    UploadEvents events;

    /** Cancels an upload of {@code owner}: its staged chunks, its partial (or, for a plain upload, its target) file and its rows. */
    public void cancel(String owner, String requestedName, String uploadIdParam) throws IOException {
        if (requestedName == null || requestedName.isEmpty()) {
            throw new MissingFilenameException();
        }
        String baseName = FileNames.baseName(requestedName);
        String uploadId = UploadIds.parse(uploadIdParam);
        String uploadKey = UploadIds.uploadKey(StoredNames.of(owner, baseName), uploadId);
        // Read before: the event describes what the cancel removed (a completed upload's file stays: no event).
        Optional<Upload> before = tracking.findUploadByKey(uploadKey);
        cleanup.delete(transactions.cancel(uploadKey, baseName, uploadId));
        before.filter(upload -> !upload.isComplete()).ifPresent(events::cancelled);
    }

    /**
     * Expires every unfinished upload idle since {@code cutoff}, as re-checked under its lock; returns
     * how many. {@code between} runs before each upload and may end the pass by throwing.
     */
    public int expireIdleSince(Instant cutoff, Runnable between) {
        int expired = 0;
        for (Upload upload : tracking.idleSince(cutoff)) {
            between.run();
            try {
                List<String> deletions = transactions.expire(upload.getId(), cutoff);
                if (deletions != null) {
                    cleanup.delete(deletions);
                    events.expired(upload);
                    expired++;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warning(() -> "Could not expire upload " + upload.getUploadKey() + ": " + e);
            }
        }
        return expired;
    }

    /**
     * Deletes staging files that no record refers to and that are older than {@code cutoff}: bytes
     * of a chunk whose server died between staging and recording, files moved aside whose deletion
     * failed, assemblies of uploads forgotten by a repair. {@code between} as for {@link #expireIdleSince}.
     */
    public int sweepOrphans(Instant cutoff, Runnable between) throws IOException {
        int removed = 0;
        for (String name : storage.stagingFilesOlderThan(cutoff)) {
            between.run();
            String path = storage.stagingPath(name);
            if (!tracking.isReferenced(name, path)) {
                storage.delete(path);
                removed++;
            }
        }
        return removed;
    }
}
