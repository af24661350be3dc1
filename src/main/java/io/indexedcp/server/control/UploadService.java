package io.indexedcp.server.control;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.storage.ChunkStorage;
import io.indexedcp.server.storage.StagedChunk;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Receiving a chunk: validate, stream it to staging (durably), record it, then place whatever has
 * become placeable. The order is the point: a chunk is recorded only after its bytes are safe, and
 * it reaches the target file only at its own offset.
 */
@ApplicationScoped
public class UploadService {

    @Inject
    ServerSettings settings;

    @Inject
    TrackingRepository tracking;

    @Inject
    ChunkStorage storage;

    @Inject
    ChunkPlacer placer;

    /**
     * @param contentLength the declared body length, or -1 when unknown (chunked transfer encoding)
     */
    public ChunkReceipt receive(String clientName, String chunkIndexHeader, long contentLength, InputStream body)
            throws IOException {
        String fileName = FileNames.baseName(clientName);
        int chunkIndex = ChunkIndexes.parse(chunkIndexHeader);
        if (contentLength > settings.maxChunkBytes()) {
            throw new ChunkTooLargeException(settings.maxChunkBytes());
        }
        ChunkBodyStream checked = new ChunkBodyStream(body, settings.maxChunkBytes(), contentLength);
        StagedChunk staged = storage.stage(checked);
        TrackingRepository.Recorded recorded = recordOrDiscard(fileName, chunkIndex, staged, checked.sha256Hex());
        // Also for a duplicate: the first copy may have been recorded by a server that died before placing it.
        placer.placeReadyChunks(recorded.uploadId());
        return recorded.inserted()
                ? ChunkReceipt.received(fileName, chunkIndex, clientName)
                : ChunkReceipt.alreadyReceived(fileName, chunkIndex, clientName);
    }

    private TrackingRepository.Recorded recordOrDiscard(String fileName, int chunkIndex, StagedChunk staged,
            String sha256) throws IOException {
        TrackingRepository.Recorded recorded;
        try {
            recorded = tracking.recordChunk(uploadKey(fileName), fileName, chunkIndex, staged.size(), sha256,
                    staged.stagedAs(), Instant.now());
        } catch (RuntimeException e) {
            storage.discard(staged.stagedAs());
            throw e;
        }
        if (!recorded.inserted()) {
            storage.discard(staged.stagedAs());
        }
        return recorded;
    }

    public UploadStatus status(String requestedName) {
        if (requestedName == null || requestedName.isEmpty()) {
            throw new MissingFilenameException();
        }
        String fileName = FileNames.baseName(requestedName);
        List<Integer> received = tracking.findUploadByKey(uploadKey(fileName))
                .map(upload -> tracking.receivedChunkIndexes(upload.getId()))
                .orElse(List.of());
        return new UploadStatus(fileName, received);
    }

    /** The plain protocol identifies an upload by its base name alone, as the existing servers do. */
    private static String uploadKey(String fileName) {
        return fileName;
    }
}
