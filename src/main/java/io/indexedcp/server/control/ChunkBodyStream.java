package io.indexedcp.server.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A chunk body as it streams in: counts and digests its bytes (unless told to leave that to the
 * holder of a body read into memory, see {@link ChunkDigest}), refuses to go past the maximum
 * chunk size, and at the end insists on the declared {@code Content-Length}, so a body cut short
 * by a dropped connection fails instead of passing for a whole chunk.
 */
public class ChunkBodyStream extends FilterInputStream {

    private final long maxBytes;
    private final long declaredLength;
    private final MessageDigest sha256;
    private long count;
    private boolean digesting = true;

    /** {@code declaredLength} is the Content-Length, or -1 when the body is chunked. */
    public ChunkBodyStream(InputStream body, long maxBytes, long declaredLength) {
        super(body);
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        this.sha256 = ChunkDigest.sha256();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new IncompleteBodyException("the connection failed after " + count + " bytes");
        }
        if (n == -1) {
            if (declaredLength >= 0 && count != declaredLength) {
                throw new IncompleteBodyException(
                        "received " + count + " of " + declaredLength + " bytes");
            }
            return -1;
        }
        count += n;
        if (count > maxBytes) {
            throw new ChunkTooLargeException(maxBytes);
        }
        if (digesting) {
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    /** From now on the bytes are not digested: the reader keeps them all and digests them itself. */
    void leaveDigestToHolder() {
        if (count > 0) {
            throw new IllegalStateException("the digest would miss the " + count + " bytes read already");
        }
        digesting = false;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("a chunk body is read whole");
    }

    /** Whether it digests what is read, i.e. was not told to {@link #leaveDigestToHolder}. */
    boolean digests() {
        return digesting;
    }

    /** Hex SHA-256 of everything read; call once, after the end of the body, unless left to the holder. */
    public String sha256Hex() {
        if (!digesting) {
            throw new IllegalStateException("the digest was left to the holder of the bytes");
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
