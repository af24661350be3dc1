package io.indexedcp.server.control;

import io.indexedcp.server.entity.SqliteTracking;
import io.indexedcp.server.metrics.UploadMetrics;
import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import io.indexedcp.server.storage.DiskChunkStorage;
import io.indexedcp.server.storage.StagedChunk;
import io.indexedcp.server.storage.TestStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The write path without the container: {@link UploadTransactions} on a real SQLite file and a real
 * output directory, each operation in a transaction of its own, callers doing what the server's
 * services do around it (stage, commit, delete what the commit returns).
 */
final class UploadFixture {

    /** An idleness cut-off no activity reaches: recovery of whatever the upload's last activity. */
    static final Instant ANY_ACTIVITY = Instant.parse("3000-01-01T00:00:00Z");

    final Path outputDir;
    final DiskChunkStorage disk;
    final SqliteTracking tracking;
    final UploadTransactions transactions;
    final FileCleanup cleanup = new FileCleanup();
    /** The events the completion services made (their CDI dispatch is the container's). */
    final List<Object> fired = new java.util.concurrent.CopyOnWriteArrayList<>();

    UploadFixture(Path outputDir) throws Exception {
        this(outputDir, new DiskChunkStorage());
    }

    /** With a storage of the test's (a subclass that holds or fails a step), opened here. */
    UploadFixture(Path outputDir, DiskChunkStorage storage) throws Exception {
        this.outputDir = outputDir;
        this.disk = TestStorage.open(storage, outputDir);
        this.tracking = new SqliteTracking(outputDir.resolve(".indexcp_chunks.db"));
        this.transactions = new TransactionalUploadTransactions(tracking, disk);
        cleanup.storage = disk;
        lease.transactions = transactions;
        lease.renewEvery = java.time.Duration.ofMillis(50);
        lease.scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Renews verification leases on a plain scheduler, as the container's would; every 50 ms. */
    final VerificationLease lease = new VerificationLease();

    /** A completion service as the server wires it. */
    CompletionService completions() {
        CompletionService completions = new CompletionService();
        completions.transactions = transactions;
        completions.storage = disk;
        completions.cleanup = cleanup;
        completions.events = new UploadEvents() {
            @Override
            void fire(Object event) {
                fired.add(event);
            }
        };
        completions.events.metrics = UploadMetrics.unregistered();
        completions.events.storage = disk;
        completions.lease = lease;
        completions.placer = new ChunkPlacer() {
            @Override
            public void placeReadyChunks(String uploadKey) {
                // every test's runs are short enough to be placed by their batch
            }
        };
        return completions;
    }

    UploadIdentity identity(String fileName, String uploadId) {
        return new UploadIdentity(UploadIds.uploadKey(fileName, uploadId), fileName, uploadId,
                uploadId == null ? fileName : disk.newAssemblyName(), "default");
    }

    /** Commits one chunk held in memory as {@code UploadService} does; it is staged only if it waits. */
    PendingChunk.Outcome send(UploadIdentity upload, int index, byte[] bytes, Instant now) throws IOException {
        return commit(new PendingChunk(upload, index, new ChunkBody.Held(bytes),
                ChunkDigest.known(sha256(bytes)), null), now);
    }

    /**
     * Commits one chunk held in memory with a declared digest, its own digest still to be computed,
     * as {@code UploadService} does a large held one (see {@link ChunkDigest}).
     */
    PendingChunk.Outcome sendDeclared(UploadIdentity upload, int index, byte[] bytes, String declaredSha256,
            Instant now) throws IOException {
        return commit(new PendingChunk(upload, index, new ChunkBody.Held(bytes), ChunkDigest.of(bytes),
                declaredSha256), now);
    }

    /** Stages and commits one chunk as {@code UploadService} does a large one; the staging file stays only if it waits. */
    PendingChunk.Outcome sendStaged(UploadIdentity upload, int index, byte[] bytes, Instant now) throws IOException {
        StagedChunk staged = disk.stage(new ByteArrayInputStream(bytes));
        return commit(new PendingChunk(upload, index, new ChunkBody.Staged(staged, false),
                ChunkDigest.known(sha256(bytes)), null), now);
    }

    private PendingChunk.Outcome commit(PendingChunk chunk, Instant now) throws IOException {
        PendingChunk.Outcome outcome = null;
        try {
            UploadTransactions.BatchResult result = transactions.commitBatch(List.of(chunk), now);
            cleanup.delete(result.deletions());
            outcome = result.outcomes().get(chunk);
            return outcome;
        } finally {
            if (outcome != PendingChunk.Outcome.WAITING && chunk.body instanceof ChunkBody.Staged staged) {
                disk.discard(staged.stagedAs());
            }
        }
    }

    long uploadId(String uploadKey) throws Exception {
        return tracking.count("SELECT id FROM upload WHERE upload_key = ?", uploadKey);
    }

    long rows(String sql, Object... parameters) throws Exception {
        return tracking.count(sql, parameters);
    }

    byte[] file(String name) throws IOException {
        return Files.readAllBytes(outputDir.resolve(name));
    }

    /** Files in staging with the suffix, e.g. ".part" for staged chunks. */
    long staged(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(outputDir.resolve(DiskChunkStorage.STAGING_DIR))) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).count();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
