package io.indexedcp.server.control;

import static io.indexedcp.server.control.UploadFixture.bytes;
import static io.indexedcp.server.control.UploadFixture.concat;
import static io.indexedcp.server.control.UploadFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large held chunk is written before its declared digest is checked ({@link ChunkDigest}): a
 * wrong one must still leave no trace, neither in the file nor in the tracking, wherever the
 * chunk would have gone, and the right chunk afterwards is taken as if nothing had happened.
 */
class LateDigestCheckTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    /** Over the size held chunks are digested late from: written straight to the disk. */
    private static final int LARGE = ChunkBodies.DIGESTED_WHEN_HELD_FROM + 4096;
    private static final byte[] A = bytes(LARGE, 1);
    private static final byte[] B = bytes(LARGE, 2);
    private static final byte[] C = bytes(LARGE - 1000, 3);
    private static final String WRONG = sha256(bytes(10, 9));

    @TempDir
    Path outputDir;

    @Test
    void aWrongChunkNextInOrderIsCutOffAgainAndNotRecorded() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("next.bin", "u1");
        assertEquals(PendingChunk.Outcome.PLACED, uploads.sendDeclared(upload, 0, A, sha256(A), T0));
        long uploadId = uploads.uploadId(upload.uploadKey());

        ChunkDigestMismatchException refused = assertThrows(ChunkDigestMismatchException.class,
                () -> uploads.sendDeclared(upload, 1, B, WRONG, T0));

        assertEquals(422, refused.status());
        assertArrayEquals(A, uploads.file(upload.assembledAs()), "the file is as it was");
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE upload_id = ?", uploadId));
        assertEquals(1, uploads.rows("SELECT placed_chunks FROM upload WHERE id = ?", uploadId));

        assertEquals(PendingChunk.Outcome.PLACED, uploads.sendDeclared(upload, 1, B, sha256(B), T0));
        assertEquals(PendingChunk.Outcome.PLACED, uploads.sendDeclared(upload, 2, C, sha256(C), T0));
        assertArrayEquals(concat(A, B, C), uploads.file(upload.assembledAs()));
    }

    @Test
    void aWrongFirstChunkOfAPlainUploadLeavesTheOldFileWhereItWasAndStartsNoUpload() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        Files.write(outputDir.resolve("report.bin"), C); // an earlier upload's file
        UploadIdentity plain = uploads.identity("report.bin", null);

        assertThrows(ChunkDigestMismatchException.class, () -> uploads.sendDeclared(plain, 0, A, WRONG, T0));

        assertArrayEquals(C, uploads.file("report.bin"));
        assertEquals(0, uploads.rows("SELECT COUNT(*) FROM upload"));
        assertEquals(0, uploads.staged(".removed"), "nothing was moved aside");
    }

    @Test
    void aWrongFirstChunkOfAnUploadWithoutAFileYetCreatesNone() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("later.bin", "u2");
        assertEquals(PendingChunk.Outcome.WAITING, uploads.sendDeclared(upload, 1, B, sha256(B), T0));

        assertThrows(ChunkDigestMismatchException.class, () -> uploads.sendDeclared(upload, 0, A, WRONG, T0));

        assertEquals(false, Files.exists(outputDir.resolve(upload.assembledAs())), "no file for the refused chunk");
        assertEquals(PendingChunk.Outcome.PLACED, uploads.sendDeclared(upload, 0, A, sha256(A), T0));
        assertArrayEquals(concat(A, B), uploads.file(upload.assembledAs()));
    }

    @Test
    void aWrongChunkThatWouldWaitIsNeitherStagedNorRecorded() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("gap.bin", "u3");
        uploads.sendDeclared(upload, 0, A, sha256(A), T0);

        assertThrows(ChunkDigestMismatchException.class, () -> uploads.sendDeclared(upload, 2, C, WRONG, T0));

        assertEquals(0, uploads.staged(".part"));
        assertEquals(1, uploads.rows("SELECT COUNT(*) FROM received_chunk WHERE upload_id = ?",
                uploads.uploadId(upload.uploadKey())));
    }

    @Test
    void aWrongDuplicateIsRefusedLikeAnyWrongChunk() throws Exception {
        UploadFixture uploads = new UploadFixture(outputDir);
        UploadIdentity upload = uploads.identity("again.bin", "u4");
        uploads.sendDeclared(upload, 0, A, sha256(A), T0);

        assertThrows(ChunkDigestMismatchException.class, () -> uploads.sendDeclared(upload, 0, B, WRONG, T0));
        assertEquals(PendingChunk.Outcome.ALREADY_RECEIVED, uploads.sendDeclared(upload, 0, A, sha256(A), T0));
        assertArrayEquals(A, uploads.file(upload.assembledAs()));
    }
}
