package io.indexedcp.server.control;

import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A received chunk handed to {@link GroupCommit}, and what became of it. Settled by whichever
 * request thread commits the batch it is in, read by the thread that offered it; both hold the
 * group-commit lock when they do, which is what makes the fields visible across them.
 */
final class PendingChunk {

    /** What the commit did with the chunk. */
    enum Outcome {
        /** Written at its offset in the file, recorded and placed. */
        PLACED,
        /** Recorded, waiting in staging for the chunks before it: its staging file must stay. */
        WAITING,
        /** The server already held it (or the upload is complete): nothing recorded. */
        ALREADY_RECEIVED,
        /** Beyond the placed prefix of an upload being completed: refused, nothing recorded. */
        REFUSED_COMPLETING
    }

    /** The upload, created by the commit if it does not exist yet. */
    final UploadIdentity upload;
    final int chunkIndex;
    /** Its bytes: held in memory, or staged (synced already when the offering thread expected it to wait). */
    final ChunkBody body;
    final ChunkDigest digest;
    /** The hex SHA-256 its {@code Content-Digest} declared, or null. */
    final String declaredSha256;

    private Outcome outcome;
    private Exception failure;
    /** Whether the commit that took it created its upload (set with the outcome, read after it). */
    private boolean startedUpload;

    PendingChunk(UploadIdentity upload, int chunkIndex, ChunkBody body, ChunkDigest digest, String declaredSha256) {
        this.upload = upload;
        this.chunkIndex = chunkIndex;
        this.body = body;
        this.digest = digest;
        this.declaredSha256 = declaredSha256;
    }

    /** Its hex SHA-256, computed now if nobody did yet. */
    String sha256() {
        return digest.hex();
    }

    /** Whether its bytes are what its {@code Content-Digest} declared, if it declared one. */
    boolean asDeclared() {
        return declaredSha256 == null || declaredSha256.equals(digest.hex());
    }

    boolean isSettled() {
        return outcome != null || failure != null;
    }

    void settle(Outcome result) {
        outcome = result;
    }

    void startedUpload() {
        startedUpload = true;
    }

    /** Whether this chunk's commit created its upload: the upload's first chunk, for the audit. */
    boolean didStartUpload() {
        return startedUpload;
    }

    void fail(Exception cause) {
        failure = cause;
    }

    /** The outcome, or the failure of the commit rethrown in this (the offering) thread. */
    Outcome outcome() throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof UncheckedIOException io) {
            throw io.getCause();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        if (outcome == null) {
            throw new IllegalStateException("chunk " + chunkIndex + " of " + upload.uploadKey() + " was never committed");
        }
        return outcome;
    }
}
