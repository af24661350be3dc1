package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.storage.DiskChunkStorage;
import io.indexedcp.server.storage.TestStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decisions of {@link ChunkLimits} on a stand-in database and disk: which limit, in which order, what it reads. */
class ChunkLimitsTest {

    @TempDir
    Path outputDir;

    private final ChunkLimits limits = new ChunkLimits();
    private final List<String> reads = new ArrayList<>();
    private Optional<Long> quota = Optional.empty();
    private Optional<Long> maxInProgress = Optional.empty();
    private long minFree;
    private long usable = 1_000_000;
    private long stored;
    private long inProgress;
    private final Set<String> uploads = new HashSet<>();
    private final Set<String> heldChunks = new HashSet<>();

    @BeforeEach
    void wire() {
        limits.settings = new ServerSettings() {
            @Override
            public Optional<Long> quotaBytes() {
                return quota;
            }

            @Override
            public Optional<Long> maxUploadsInProgress() {
                return maxInProgress;
            }

            @Override
            public long minFreeBytes() {
                return minFree;
            }

            @Override
            public long maxChunkBytes() {
                return 5000;
            }
        };
        limits.tracking = new TrackingRepository() {
            @Override
            public long storedBytes(String owner) {
                reads.add("stored " + owner);
                return stored;
            }

            @Override
            public long uploadsInProgress(String owner) {
                reads.add("in progress " + owner);
                return inProgress;
            }

            @Override
            public Optional<Upload> findUploadByKey(String uploadKey) {
                reads.add("exists " + uploadKey);
                return uploads.contains(uploadKey) ? Optional.of(new Upload() { }) : Optional.empty();
            }

            @Override
            public boolean holdsChunk(String uploadKey, int chunkIndex) {
                reads.add("holds " + uploadKey + "#" + chunkIndex);
                return heldChunks.contains(uploadKey + "#" + chunkIndex);
            }
        };
        limits.storage = TestStorage.open(new DiskChunkStorage() {
            @Override
            public long usableSpace() {
                return usable;
            }
        }, outputDir);
    }

    @Test
    void withNoLimitSetNothingIsRead() {
        minFree = 0;
        usable = 0;
        limits.check("alice", "k", true, 0, 1_000_000_000);
        assertEquals(List.of(), reads);
    }

    @Test
    void freeSpaceCountsTheChunkAndComesFirst() {
        minFree = 1000;
        quota = Optional.of(1L); // over it too: the free space is asked first
        stored = 100;
        usable = 2000;
        assertThrows(QuotaExceededException.class, () -> limits.check("alice", "k", true, 0, 1000),
                "exactly the minimum left: passes the free space");
        LowDiskSpaceException low = assertThrows(LowDiskSpaceException.class, () -> {
            reads.clear();
            limits.check("alice", "k", true, 0, 1001);
        });
        assertEquals(507, low.status());
        assertEquals(30, low.retryAfterSeconds());
        assertEquals(List.of(), reads, "refused before the database is asked");
    }

    @Test
    void theQuotaCountsStoredBytesPlusTheChunk() {
        quota = Optional.of(3000L);
        stored = 2500;
        limits.check("alice", "k", true, 1, 500);
        QuotaExceededException over = assertThrows(QuotaExceededException.class,
                () -> limits.check("alice", "k", true, 1, 501));
        assertEquals(413, over.status());
        assertEquals("Quota exceeded: alice may store 3000 bytes and has 2500 stored or in progress; this chunk of 501"
                + " bytes would take it to 3001; nothing of it was stored", over.getMessage());
    }

    @Test
    void aChunkAlreadyHeldIsNotRefusedByTheQuota() {
        quota = Optional.of(3000L);
        stored = 3000;
        heldChunks.add("k#0");
        limits.check("alice", "k", true, 0, 1000);
        assertThrows(QuotaExceededException.class, () -> limits.check("alice", "k", true, 1, 1000));
    }

    @Test
    void aChunkedBodyCountsAsTheLargestChunk() {
        quota = Optional.of(5000L);
        stored = 1;
        assertThrows(QuotaExceededException.class, () -> limits.check("alice", "k", true, 0, -1));
        stored = 0;
        limits.check("alice", "k", true, 0, -1);
    }

    @Test
    void onlyAChunkThatStartsAV2UploadCountsAgainstUploadsInProgress() {
        maxInProgress = Optional.of(2L);
        inProgress = 2;
        uploads.add("started");
        limits.check("alice", "started", true, 5, 10);
        limits.check("alice", "plain.bin", false, 0, 10);
        assertEquals(List.of("exists started"), reads, "a plain upload is never counted");
        TooManyUploadsException tooMany = assertThrows(TooManyUploadsException.class,
                () -> limits.check("alice", "new", true, 0, 10));
        assertEquals(429, tooMany.status());
        assertEquals(30, tooMany.retryAfterSeconds());
        inProgress = 1;
        limits.check("alice", "new", true, 0, 10);
    }

    @Test
    void theQuotaIsAskedBeforeUploadsInProgress() {
        quota = Optional.of(10L);
        maxInProgress = Optional.of(0L);
        stored = 10;
        assertThrows(QuotaExceededException.class, () -> limits.check("bob", "new", true, 0, 1));
        assertTrue(reads.stream().noneMatch(read -> read.startsWith("in progress")), reads.toString());
    }
}
