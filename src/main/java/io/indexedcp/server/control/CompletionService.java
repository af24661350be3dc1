package io.indexedcp.server.control;

import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.server.control.UploadTransactions.AlreadyComplete;
import io.indexedcp.server.control.UploadTransactions.CompletionStart;
import io.indexedcp.server.control.UploadTransactions.Decision;
import io.indexedcp.server.control.UploadTransactions.DecisionResult;
import io.indexedcp.server.control.UploadTransactions.Published;
import io.indexedcp.server.control.UploadTransactions.ToVerify;
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
 * <p>Three short steps of {@link UploadTransactions}, each under the upload's row lock, with the
 * hash between them holding no lock (a large file takes seconds to hash, and on SQLite the row lock
 * is the whole database's write lock): begin (every chunk placed; no more are taken), decide
 * (nothing changed; digest right), publish (rename and mark complete). A completion repeated, or
 * racing with itself, meets the upload in a later state at one of those steps and ends in the
 * same one; one that arrives while another hashes the file is asked to come back later
 * ({@link UploadBeingVerifiedException}, as long as the hashing one holds its {@link
 * VerificationLease}) instead of hashing it a second time.
 */
@ApplicationScoped
public class CompletionService {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    @Inject
    UploadTransactions transactions;

    @Inject
    ChunkStorage storage;

    @Inject
    ChunkPlacer placer;

    @Inject
    FileCleanup cleanup;

    @Inject
    UploadEvents events;

    @Inject
    VerificationLease lease;

    /** Completes an upload of {@code owner} (see {@link StoredNames}). */
    public CompletionReceipt complete(String owner, CompletionRequest request) throws IOException {
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
        String storedName = StoredNames.of(owner, fileName);
        String uploadKey = UploadIds.uploadKey(storedName, uploadId);
        long totalSize = request.totalSize();

        // Runs that a batch's limits left waiting in staging go in first, each in a short transaction of its own.
        placer.placeReadyChunks(uploadKey);
        CompletionStart start;
        try {
            start = transactions.beginCompletion(uploadKey, request.totalChunks(), totalSize, sha256, Instant.now());
        } catch (UploadNotFoundException e) {
            throw new UploadNotFoundException(fileName, uploadId);
        } catch (UploadBeingVerifiedException e) {
            // Named as the client knows it, not by its key (which holds the owner's directory).
            throw new UploadBeingVerifiedException(UploadIds.uploadKey(fileName, uploadId), e.retryAfterSeconds());
        }
        if (start instanceof AlreadyComplete done) {
            if (!sha256.equals(done.sha256()) || totalSize != done.totalSize()) {
                throw new UploadIncompleteException("this upload was already completed with another size or digest");
            }
            return new CompletionReceipt(CompletionReceipt.COMPLETED, StoredNames.shown(done.fileName()),
                    done.clientUploadId(),
                    done.totalSize(), done.sha256());
        }
        if (start instanceof ToVerify verify) {
            String actual;
            try (VerificationLease.Renewals renewals = lease.renewWhileHashing(verify.uploadId())) {
                actual = hashOrGone(verify.assembledAs());
            }
            DecisionResult decided;
            try {
                decided = transactions.decidePublication(uploadKey, UploadIds.uploadKey(storedName, null), totalSize,
                        sha256, actual, Instant.now());
            } catch (UploadNotFoundException e) {
                throw new UploadNotFoundException(fileName, uploadId);
            }
            cleanup.delete(decided.deletions());
            if (decided.decision() == Decision.DIGEST_MISMATCH) {
                throw new FileDigestMismatchException(sha256, actual);
            }
        }
        Published published;
        try {
            published = transactions.publish(uploadKey, Instant.now());
        } catch (UploadNotFoundException e) {
            throw new UploadNotFoundException(fileName, uploadId);
        }
        if (published.now()) {
            events.completed(published); // committed: only the call that published it tells
        }
        if (!sha256.equals(published.sha256()) || totalSize != published.totalSize()) {
            throw new UploadIncompleteException("this upload was already completed with another size or digest");
        }
        return new CompletionReceipt(CompletionReceipt.COMPLETED, StoredNames.shown(published.fileName()),
                published.clientUploadId(),
                published.totalSize(), published.sha256());
    }

    /**
     * The assembled file's digest; a concurrent completion may publish (rename) it while this one
     * reads, and the decision step then finds the upload decided. A file gone for another reason
     * (a cancel) is found by the decision step too.
     */
    private String hashOrGone(String assembledAs) throws IOException {
        try {
            return storage.sha256Hex(assembledAs);
        } catch (NoSuchFileException movedMeanwhile) {
            return "";
        }
    }
}
