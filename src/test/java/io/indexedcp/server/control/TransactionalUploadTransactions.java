package io.indexedcp.server.control;

import io.indexedcp.server.entity.SqliteTracking;
import io.indexedcp.server.storage.ChunkStorage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@link UploadTransactions} with each operation in a transaction of its own, as the container's interceptor runs it. */
final class TransactionalUploadTransactions extends UploadTransactions {

    private final SqliteTracking tracking;

    TransactionalUploadTransactions(SqliteTracking tracking, ChunkStorage storage) {
        this.tracking = tracking;
        this.ledger = tracking.ledger();
        this.storage = storage;
        this.bodies = new ChunkBodies();
        bodies.storage = storage;
        bodies.open(32L * 1024 * 1024);
    }

    private <T> T tx(Callable<T> work) throws IOException {
        try {
            return tracking.inTransaction(work);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T txUnchecked(Callable<T> work) {
        try {
            return tx(work);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public BatchResult commitBatch(List<PendingChunk> batch, Instant now) throws IOException {
        return tx(() -> super.commitBatch(batch, now));
    }

    @Override
    public List<String> placeRun(long uploadId) throws IOException {
        return tx(() -> super.placeRun(uploadId));
    }

    @Override
    public Repair recover(long uploadId, Instant idleBefore) throws IOException {
        return tx(() -> super.recover(uploadId, idleBefore));
    }

    @Override
    public CompletionStart beginCompletion(String uploadKey, int totalChunks, long totalSize, String sha256,
            Instant now) {
        return txUnchecked(() -> super.beginCompletion(uploadKey, totalChunks, totalSize, sha256, now));
    }

    @Override
    public void renewVerification(long uploadId, Instant now) {
        txUnchecked(() -> {
            super.renewVerification(uploadId, now);
            return null;
        });
    }

    @Override
    public DecisionResult decidePublication(String uploadKey, String plainKey, long totalSize, String declaredSha256,
            String actualSha256, Instant now) {
        return txUnchecked(() -> super.decidePublication(uploadKey, plainKey, totalSize, declaredSha256, actualSha256,
                now));
    }

    @Override
    public Published publish(String uploadKey, Instant now) throws IOException {
        return tx(() -> super.publish(uploadKey, now));
    }

    @Override
    public List<String> cancel(String uploadKey, String fileName, String uploadId) throws IOException {
        return tx(() -> super.cancel(uploadKey, fileName, uploadId));
    }

    @Override
    public List<String> expire(long uploadId, Instant cutoff) throws IOException {
        return tx(() -> super.expire(uploadId, cutoff));
    }
}
