package io.indexedcp.server.control;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.ContentDigests;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.protocol.UploadSummary;
import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.entity.ReceivedChunk;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.metrics.UploadMetrics;
import io.indexedcp.server.storage.ChunkStorage;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Receiving a chunk: validate, check the limits ({@link ChunkLimits}), read its body into memory or
 * staging ({@link ChunkBodies}), then commit it through {@link GroupCommit}. The order is the
 * point: nothing is written for a chunk refused, a chunk is recorded only after its bytes are safe,
 * and it reaches the target file only at its own offset. Also answers status and the upload listing.
 */
@ApplicationScoped
public class UploadService {

    private static final int LISTING_LIMIT = 1000;

    /** How long a chunk waits for the body of the chunk before it, arriving on another connection. */
    static final java.time.Duration PREDECESSOR_WAIT = java.time.Duration.ofMillis(50);

    @Inject
    ServerSettings settings;

    @Inject
    TrackingRepository tracking;

    @Inject
    ChunkStorage storage;

    @Inject
    GroupCommit commits;

    @Inject
    ConcurrentWrites writes;

    @Inject
    StorageFaults faults;

    @Inject
    UploadMetrics metrics;

    @Inject
    UploadEvents events;

    @Inject
    ChunkLimits limits;

    @Inject
    ChunkBodies bodies;

    /** Computes large held chunks' digests while their commit writes them (see {@link ChunkDigest}). */
    @Resource
    ManagedExecutorService digester;

    /** What a {@code POST /upload} carries besides its body; the v2 fields may be null. */
    public record ChunkHeaders(String fileName, String chunkIndex, String uploadId, String contentDigest,
            long contentLength) {
    }

    /** Receives a chunk of an upload of {@code owner} (see {@link StoredNames}). */
    public ChunkReceipt receive(String owner, ChunkHeaders headers, InputStream body) throws IOException {
        String clientName = headers.fileName();
        String fileName = FileNames.baseName(clientName);
        String storedName = StoredNames.of(owner, fileName);
        int chunkIndex = ChunkIndexes.parse(headers.chunkIndex());
        String uploadId = UploadIds.parse(headers.uploadId());
        Optional<String> expectedSha256 = expectedDigest(headers.contentDigest());
        if (headers.contentLength() > settings.maxChunkBytes()) {
            throw new ChunkTooLargeException(settings.maxChunkBytes());
        }
        // Before a byte is read: a refused chunk leaves nothing behind, not even a staging file.
        String uploadKey = UploadIds.uploadKey(storedName, uploadId);
        limits.check(owner, uploadKey, uploadId != null, chunkIndex, headers.contentLength());
        ChunkBodyStream checked = new ChunkBodyStream(body, settings.maxChunkBytes(), headers.contentLength());
        PendingChunk.Outcome outcome;
        ChunkBody received;
        try (GroupCommit.Arrival arrival = commits.arriving(uploadKey, chunkIndex)) {
            try {
                received = bodies.read(checked, headers.contentLength());
            } catch (IOException e) {
                drain(checked);
                throw faults.translate(e);
            }
            ChunkDigest digest = ChunkBodies.digest(checked, received);
            String declared = expectedSha256.orElse(null);
            try {
                if (!digest.pending() && declared != null && !declared.equals(digest.hex())) {
                    discardStaged(received);
                    throw new ChunkDigestMismatchException(declared, digest.hex());
                }
                digest.computeAhead(digester); // else checked by the commit, which needs it to record the chunk
                outcome = store(identity(owner, uploadKey, storedName, uploadId), chunkIndex, received, digest,
                        declared);
            } finally {
                digest.forget();
                bodies.release(received);
            }
        }
        if (outcome == PendingChunk.Outcome.REFUSED_COMPLETING) {
            throw new UploadBeingCompletedException(UploadIds.uploadKey(fileName, uploadId));
        }
        if (outcome == PendingChunk.Outcome.ALREADY_RECEIVED) {
            metrics.duplicate();
        } else {
            metrics.chunkStored(received.size());
        }
        return outcome != PendingChunk.Outcome.ALREADY_RECEIVED
                ? ChunkReceipt.received(fileName, chunkIndex, clientName)
                : ChunkReceipt.alreadyReceived(fileName, chunkIndex, clientName);
    }

    /**
     * Hands a received chunk to the group commit, which writes it straight into the file when it is
     * next in order, else stages it durably and records it to wait. The write slot is taken only
     * now, once the body is all there: a slow client holds its request thread, never a slot others
     * need. A staging file is kept only when the commit recorded the chunk to wait there.
     */
    private PendingChunk.Outcome store(UploadIdentity identity, int chunkIndex, ChunkBody received,
            ChunkDigest digest, String declaredSha256) throws IOException {
        PendingChunk.Outcome outcome = null;
        ChunkBody offered = received;
        awaitPredecessor(identity.uploadKey(), chunkIndex);
        try (ConcurrentWrites.Permit permit = writes.acquire()) {
            // A guess without the lock (decided for real in the commit): a chunk ahead of the placed prefix
            // will most likely wait, and staging it durably costs less here, beside other requests' syncs, than
            // inside the commit that every request waits for. Unless the chunk before it is already in
            // hand (several connections sending one file in order): then both are placed in the next
            // commits, and a staging file would be wasted.
            // (Asked first: the chunk before is forgotten only after its commit updated the hint.)
            boolean predecessorInHand = commits.predecessorOffered(identity.uploadKey(), chunkIndex);
            int placedHint = commits.placedHint(identity.uploadKey());
            if (!predecessorInHand && placedHint >= 0 && chunkIndex > placedHint) {
                offered = bodies.stagedDurably(received);
            }
            PendingChunk pending = new PendingChunk(identity, chunkIndex, offered, digest, declaredSha256);
            outcome = commits.commit(pending);
            if (pending.didStartUpload()) {
                events.started(identity);
            }
            return outcome;
        } catch (IOException | RuntimeException e) {
            throw faults.translate(e);
        } finally {
            if (outcome != PendingChunk.Outcome.WAITING) {
                discardStaged(offered);
            }
        }
    }

    /**
     * See {@link GroupCommit#awaitPredecessor}. An interrupt ends the wait, never the chunk: it is
     * not passed on, because the interrupt status would close the file channels the commit opens.
     */
    private void awaitPredecessor(String uploadKey, int chunkIndex) {
        try {
            commits.awaitPredecessor(uploadKey, chunkIndex, PREDECESSOR_WAIT);
        } catch (InterruptedException e) {
            // the chunk goes on as if the wait had timed out
        }
    }

    /** Removes the staging file of a chunk that will not wait in it; nothing for a held body. */
    private void discardStaged(ChunkBody body) throws IOException {
        if (body instanceof ChunkBody.Staged staged) {
            storage.discard(staged.stagedAs());
        }
    }

    /**
     * Reads what is left of a body the server could not store (a full disk), into nothing, before
     * answering: a client still sending would otherwise block on a full socket and never read the
     * 507 that tells it to wait. Bounded by the maximum chunk size; a failure here changes nothing.
     */
    private static void drain(ChunkBodyStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException ignored) {
            // the answer goes out anyway
        }
    }

    private UploadIdentity identity(String owner, String uploadKey, String storedName, String uploadId) {
        String assembledAs = uploadId == null ? storedName : storage.newAssemblyName();
        return new UploadIdentity(uploadKey, storedName, uploadId, assembledAs, owner);
    }

    private static Optional<String> expectedDigest(String header) {
        try {
            return ContentDigests.sha256Hex(header);
        } catch (IllegalArgumentException e) {
            throw new InvalidDigestHeaderException(e.getMessage());
        }
    }

    /** The status of an upload of {@code owner}. */
    public UploadStatus status(String owner, String requestedName, String uploadIdParam, boolean withDigests) {
        if (requestedName == null || requestedName.isEmpty()) {
            throw new MissingFilenameException();
        }
        String fileName = FileNames.baseName(requestedName);
        String uploadId = UploadIds.parse(uploadIdParam);
        Optional<Upload> upload = tracking.findUploadByKey(
                UploadIds.uploadKey(StoredNames.of(owner, fileName), uploadId));
        if (uploadId == null && !withDigests) {
            return UploadStatus.plain(fileName, upload.map(this::receivedChunkIndexes).orElse(List.of()));
        }
        if (upload.isEmpty()) {
            return new UploadStatus(fileName, List.of(), uploadId, uploadId == null ? null : false, null, null, null,
                    withDigests ? List.of() : null);
        }
        Upload found = upload.get();
        if (found.isComplete()) {
            // Per-chunk rows are gone once complete; the summary row stands for them.
            return new UploadStatus(fileName, receivedChunkIndexes(found), uploadId, true, fileName,
                    found.getTotalSize(), found.getSha256(), withDigests ? List.of() : null);
        }
        if (!withDigests) {
            return new UploadStatus(fileName, receivedChunkIndexes(found), uploadId, false, null, null, null, null);
        }
        List<ReceivedChunk> chunks = tracking.chunks(found.getId());
        return new UploadStatus(fileName, chunks.stream().map(ReceivedChunk::getChunkIndex).toList(), uploadId,
                uploadId == null ? null : false, null, null, null,
                chunks.stream().map(UploadService::digestOf).toList());
    }

    /** The placed prefix is every index below it; only the chunks waiting beyond it are read. */
    private List<Integer> receivedChunkIndexes(Upload upload) {
        return new ReceivedIndexes(upload.getPlacedChunks(),
                tracking.receivedChunkIndexesFrom(upload.getId(), upload.getPlacedChunks()));
    }

    private static UploadStatus.ChunkDigest digestOf(ReceivedChunk chunk) {
        return new UploadStatus.ChunkDigest(chunk.getChunkIndex(), chunk.getSize(),
                ContentDigests.sha256HeaderFromHex(chunk.getSha256()));
    }

    /**
     * The uploads of {@code owner}, or of every owner when it is null; with a name only the uploads
     * stored under its base name (of that owner); most recently active first.
     */
    public List<UploadSummary> list(String owner, String fileName) {
        String storedName = fileName == null ? null : StoredNames.of(owner, FileNames.baseName(fileName));
        List<TrackingRepository.UploadTotals> lines = tracking.listUploads(owner, storedName, LISTING_LIMIT);
        return lines.stream()
                .map(line -> {
                    Upload upload = line.upload();
                    boolean complete = upload.isComplete();
                    // A plain upload has no end the server could know of: it is neither receiving nor complete.
                    String state = upload.getClientUploadId() == null ? UploadSummary.PLAIN : upload.getState();
                    return new UploadSummary(StoredNames.shown(upload.getFileName()), upload.getClientUploadId(),
                            state, complete ? upload.getPlacedChunks() : line.chunks(),
                            complete ? upload.getPlacedBytes() : line.bytes(),
                            upload.getTotalSize(), upload.getLastActivity(), upload.getOwner());
                })
                .toList();
    }
}
