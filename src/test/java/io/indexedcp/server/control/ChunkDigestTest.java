package io.indexedcp.server.control;

import static io.indexedcp.server.control.UploadFixture.bytes;
import static io.indexedcp.server.control.UploadFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ChunkDigestTest {

    private static final byte[] BYTES = bytes(300_000, 1);

    @Test
    void computedOnceByWhoeverAsksFirst() {
        List<Runnable> queued = new ArrayList<>();
        ChunkDigest digest = ChunkDigest.of(BYTES);
        digest.computeAhead(queued::add);
        assertTrue(digest.pending());

        queued.get(0).run(); // the head start
        assertFalse(digest.pending());
        assertEquals(sha256(BYTES), digest.hex());
    }

    @Test
    void theAskerComputesItWhenTheHeadStartNeverRuns() {
        ChunkDigest digest = ChunkDigest.of(BYTES);
        digest.computeAhead(task -> {
            throw new RejectedExecutionException("busy");
        });
        assertEquals(sha256(BYTES), digest.hex());
    }

    @Test
    void aHeadStartAfterTheBodyWasReleasedHashesNothing() {
        List<Runnable> queued = new ArrayList<>();
        byte[] reused = BYTES.clone();
        ChunkDigest digest = ChunkDigest.of(reused);
        digest.computeAhead(queued::add);
        digest.forget();
        reused[0]++; // the array now holds another chunk

        queued.get(0).run();
        assertThrows(IllegalStateException.class, digest::hex);
    }

    @Test
    void aKnownDigestIsNotPending() {
        ChunkDigest digest = ChunkDigest.known("ab");
        assertFalse(digest.pending());
        assertEquals("ab", digest.hex());
    }
}
