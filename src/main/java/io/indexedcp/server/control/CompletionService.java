package io.indexedcp.server.control;

import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.ChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Explicit completion (protocol v2): check that every chunk is there and that the assembled file
 * has the declared size and SHA-256, then make it visible under its name in one atomic rename and
 * reduce its tracking to the one summary row.
 *
 * <p>No lock: a completion repeated, or racing with itself, finds either the assembled file (and
 * does the same rename) or the published file with the declared digest (and only records it), so
 * every path ends in the same state. A chunk arriving meanwhile is a duplicate of a recorded one.
 */
@ApplicationScoped
public class CompletionService {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    @Inject
    TrackingRepository tracking;

    @Inject
    ChunkStorage storage;

    @Inject
    ChunkPlacer placer;

    public CompletionReceipt complete(CompletionRequest request) throws IOException {
        if (request == null) {
            throw new InvalidCompletionException("a JSON body with filename, uploadId, totalChunks, totalSize, sha256");
        }
        if (request.filename() == null || request.filename().isEmpty()) {
            throw new InvalidCompletionException("filename is missing");
        }
        String fileName = FileNames.baseName(request.filename());
        String uploadId = UploadIds.parse(request.uploadId());
        if (uploadId == null) {
            throw new InvalidCompletionException("uploadId is missing (plain uploads have no completion)");
        }
        if (request.totalChunks() == null || request.totalChunks() < 1) {
            throw new InvalidCompletionException("totalChunks must be at least 1");
        }
        if (request.totalSize() == null || request.totalSize() < 0) {
            throw new InvalidCompletionException("totalSize must be 0 or more");
        }
        if (request.sha256() == null || !HEX_SHA256.matcher(request.sha256()).matches()) {
            throw new InvalidCompletionException("sha256 must be 64 hex digits");
        }
        String sha256 = request.sha256().toLowerCase(Locale.ROOT);
        Upload upload = tracking.findUploadByKey(UploadIds.uploadKey(fileName, uploadId))
                .orElseThrow(() -> new UploadNotFoundException(fileName, uploadId));
        if (upload.isComplete()) {
            return alreadyComplete(upload, request, sha256);
        }
        placer.placeReadyChunks(upload.getId());
        upload = tracking.findUpload(upload.getId()).orElseThrow(() -> new UploadNotFoundException(fileName, uploadId));
        checkAllChunksPlaced(upload, request);
        publish(upload, sha256);
        tracking.markComplete(upload.getId(), request.totalSize(), sha256, Instant.now());
        // A plain upload of the same name assembled into the file just replaced: its record no longer describes it.
        tracking.findUploadByKey(UploadIds.uploadKey(fileName, null))
                .ifPresent(plain -> tracking.deleteUpload(plain.getId()));
        return new CompletionReceipt(CompletionReceipt.COMPLETED, fileName, uploadId, request.totalSize(), sha256);
    }

    private void checkAllChunksPlaced(Upload upload, CompletionRequest request) {
        long recorded = tracking.countChunks(upload.getId());
        if (recorded != upload.getPlacedChunks() || upload.getPlacedChunks() < request.totalChunks()) {
            throw new UploadIncompleteException(upload.getPlacedChunks() + " of " + request.totalChunks()
                    + " chunks are in place (" + recorded + " received)");
        }
        if (upload.getPlacedChunks() > request.totalChunks()) {
            throw new UploadIncompleteException("the server holds " + upload.getPlacedChunks()
                    + " chunks, more than the declared " + request.totalChunks());
        }
        if (upload.getPlacedBytes() != request.totalSize()) {
            throw new UploadIncompleteException("the chunks hold " + upload.getPlacedBytes()
                    + " bytes, not the declared " + request.totalSize());
        }
    }

    /** Renames the assembled file into place, unless an earlier (or concurrent) completion already did. */
    private void publish(Upload upload, String sha256) throws IOException {
        String assembled = upload.getAssembledAs();
        String target = upload.getFileName();
        if (storage.exists(assembled)) {
            String actual = storage.sha256Hex(assembled);
            if (!actual.equals(sha256)) {
                throw new FileDigestMismatchException(sha256, actual);
            }
            storage.force(assembled);
            try {
                storage.publish(assembled, target);
                return;
            } catch (NoSuchFileException publishedMeanwhile) {
                // fall through: check what the other completion published
            }
        }
        if (!storage.exists(target) || !storage.sha256Hex(target).equals(sha256)) {
            throw new UploadIncompleteException("the assembled file is gone; cancel the upload and send it again");
        }
    }

    private CompletionReceipt alreadyComplete(Upload upload, CompletionRequest request, String sha256) {
        if (!sha256.equals(upload.getSha256()) || !request.totalSize().equals(upload.getTotalSize())) {
            throw new UploadIncompleteException("this upload was already completed with another size or digest");
        }
        return new CompletionReceipt(CompletionReceipt.COMPLETED, upload.getFileName(), upload.getClientUploadId(),
                upload.getTotalSize(), upload.getSha256());
    }
}
