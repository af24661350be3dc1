package io.indexedcp.server.control;

import io.indexedcp.server.entity.ReceivedChunk;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.ChunkStorage;
import io.indexedcp.server.storage.DiskChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Removing an upload: on the client's request ({@code DELETE}) or when it has been idle too long.
 * Rows go first, so no placer can pick the chunks up again, then the bytes.
 */
@ApplicationScoped
public class UploadRemoval {

    private static final Logger LOG = Logger.getLogger(UploadRemoval.class.getName());

    @Inject
    TrackingRepository tracking;

    @Inject
    ChunkStorage storage;

    /** Cancels an upload: its staged chunks, its partial (or, for a plain upload, its target) file and its rows. */
    public void cancel(String requestedName, String uploadIdParam) throws IOException {
        if (requestedName == null || requestedName.isEmpty()) {
            throw new MissingFilenameException();
        }
        String fileName = FileNames.baseName(requestedName);
        String uploadId = UploadIds.parse(uploadIdParam);
        Upload upload = tracking.findUploadByKey(UploadIds.uploadKey(fileName, uploadId))
                .orElseThrow(() -> new UploadNotFoundException(fileName, uploadId));
        remove(upload, true);
    }

    /**
     * Removes every unfinished upload idle since {@code cutoff}. A plain upload has no end, so its
     * target file may well be whole: expiry forgets its tracking and staged chunks but keeps the file.
     */
    public int expireIdleSince(Instant cutoff) {
        List<Upload> idle = tracking.idleSince(cutoff);
        for (Upload upload : idle) {
            try {
                remove(upload, upload.getClientUploadId() != null);
            } catch (IOException | RuntimeException e) {
                LOG.warning(() -> "Could not expire upload " + upload.getUploadKey() + ": " + e);
            }
        }
        return idle.size();
    }

    /**
     * Deletes staging files that no record refers to and that are older than {@code cutoff}: bytes
     * of a chunk whose server died between staging and recording, or of an upload cancelled while
     * one of its chunks was still being placed.
     */
    public int sweepOrphans(Instant cutoff) throws IOException {
        int removed = 0;
        for (String name : storage.stagingFilesOlderThan(cutoff)) {
            if (!tracking.isReferenced(name, DiskChunkStorage.assemblyPath(name))) {
                storage.delete(DiskChunkStorage.assemblyPath(name));
                removed++;
            }
        }
        return removed;
    }

    private void remove(Upload upload, boolean withAssembledFile) throws IOException {
        List<ReceivedChunk> chunks = upload.isComplete() ? List.of() : tracking.chunks(upload.getId());
        tracking.deleteUpload(upload.getId());
        for (ReceivedChunk chunk : chunks) {
            storage.discard(chunk.getStagedAs());
        }
        if (withAssembledFile) {
            storage.delete(upload.getAssembledAs());
        }
    }
}
