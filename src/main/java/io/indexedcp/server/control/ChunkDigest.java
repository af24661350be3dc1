package io.indexedcp.server.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A chunk's SHA-256: known as its body streamed in, or, for a large body held in memory, computed
 * later by whichever thread asks first. A large held chunk goes straight to its offset with a
 * direct write, during which the CPU waits for the disk; its hash, started on another thread
 * when the body is in ({@link #computeAhead}), fills that wait instead of coming before it (1 MiB:
 * about 0.6 ms of a chunk's 2 ms). The price is that such a chunk is written before its
 * {@code Content-Digest} is checked, so the commit checks it before recording the chunk and cuts
 * a refused chunk's bytes off again ({@code UploadTransactions}).
 */
final class ChunkDigest {

    /** The held bytes while the digest is not computed and the body not released; then null. */
    private byte[] bytes;
    private String hex;

    private ChunkDigest(byte[] bytes, String hex) {
        this.bytes = bytes;
        this.hex = hex;
    }

    static ChunkDigest known(String hex) {
        return new ChunkDigest(null, hex);
    }

    /** To be computed from {@code bytes}, which must not change until {@link #forget} or {@link #hex}. */
    static ChunkDigest of(byte[] bytes) {
        return new ChunkDigest(bytes, null);
    }

    /** Whether it is still to be computed (nobody asked for it yet). */
    synchronized boolean pending() {
        return hex == null && bytes != null;
    }

    /**
     * Starts computing it on {@code executor}. Only a head start: whoever asks for {@link #hex}
     * first computes it, so a busy or refusing executor costs time, never the answer.
     */
    void computeAhead(Executor executor) {
        if (!pending()) {
            return;
        }
        try {
            executor.execute(this::hexIfHeld);
        } catch (RejectedExecutionException e) {
            // the committing thread computes it
        }
    }

    /** The hex SHA-256, computed here if nobody did yet (waits while another thread computes it). */
    synchronized String hex() {
        if (hex == null) {
            if (bytes == null) {
                throw new IllegalStateException("the chunk's body was released before its digest was computed");
            }
            hex = sha256Hex(bytes);
            bytes = null;
        }
        return hex;
    }

    /** For the head start: nothing once the body was released (its array may hold another chunk's bytes). */
    private synchronized void hexIfHeld() {
        if (bytes != null) {
            hex();
        }
    }

    /** Lets go of the held bytes before they are reused; waits for a computation under way. */
    synchronized void forget() {
        bytes = null;
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A new SHA-256 digest (for a chunk's bytes, here and as they stream in, {@link ChunkBodyStream}). */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
