package io.indexedcp.client.buffer;

import io.indexedcp.protocol.ContentDigests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a buffered file in from its source file, chunk by chunk in order, from the first chunk not
 * yet read in ({@link BufferedFile#bufferedChunks()}); each chunk is committed to the buffer before
 * it is handed out, so it can be sent at once and is still there if the process dies before the
 * server accepts it.
 *
 * <p>Why chunk by chunk and handed out: the uploader overlaps reading in with sending, and a chunk
 * that has just been read is sent from memory, not read back from SQLite. The buffer therefore
 * holds only the chunks read in and not yet accepted, a few at a time, instead of a copy of the
 * whole file.
 *
 * <p>The whole file's SHA-256 covers every byte in order, and a digest's state cannot be saved in
 * the buffer; resuming a file read in part (after a crash) therefore hashes the part already read
 * in again, from the source, before reading on. Resuming refuses a source whose size or
 * modification time differs from those recorded when the file was first added (the rows in the
 * buffer would not fit the rest); a change that keeps both is caught by the server, which checks
 * the assembled file against the SHA-256 at completion.
 *
 * <p>One thread reads a file in; not thread-safe.
 */
public final class FileIntake implements AutoCloseable {

    private static final int HASH_BLOCK = 1 << 20;

    private final ChunkBuffer buffer;
    private final BufferedFile file;
    private final Path path;
    private final InputStream in;
    private final MessageDigest whole = ChunkBuffer.sha256();
    private final MessageDigest chunkDigest = ChunkBuffer.sha256();
    private byte[] scratch;
    private int next;
    private long offset;

    private FileIntake(ChunkBuffer buffer, BufferedFile file, Path path, InputStream in) {
        this.buffer = buffer;
        this.file = file;
        this.path = path;
        this.in = in;
    }

    /**
     * Opens the source of {@code file}, checks it is the file that was added, and hashes the part
     * already read in; the next chunk is then chunk {@code file.bufferedChunks()}.
     */
    public static FileIntake open(ChunkBuffer buffer, BufferedFile file) {
        Path path = Path.of(file.path());
        checkUnchanged(file, path);
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            throw new BufferException(unreadable(file, e), e);
        }
        FileIntake intake = new FileIntake(buffer, file, path, in);
        try {
            intake.hashPrefix(Math.min(file.size(), (long) file.bufferedChunks() * file.chunkSize()));
        } catch (RuntimeException e) {
            intake.close();
            throw e;
        }
        intake.next = file.bufferedChunks();
        return intake;
    }

    private static void checkUnchanged(BufferedFile file, Path path) {
        try {
            long size = Files.size(path);
            long modified = Files.getLastModifiedTime(path).toMillis();
            if (size != file.size() || modified != file.modified().toEpochMilli()) {
                throw new SourceChangedException(file.clientName() + " has changed since it was added to the buffer ("
                        + size + " bytes, modified " + Files.getLastModifiedTime(path) + "; was " + file.size()
                        + " bytes, modified " + file.modified() + "), and not all of it had been read in: "
                        + "upload it again");
            }
        } catch (IOException e) {
            throw new BufferException(unreadable(file, e), e);
        }
    }

    private static String unreadable(BufferedFile file, IOException e) {
        return "cannot read " + file.clientName() + " (" + e.getMessage() + ")"
                + (file.bufferedChunks() > 0 ? ", needed for the chunks not yet read into the buffer" : "");
    }

    private void hashPrefix(long bytes) {
        byte[] block = scratch(HASH_BLOCK);
        while (offset < bytes) {
            int n = (int) Math.min(block.length, bytes - offset);
            readFully(block, n);
            whole.update(block, 0, n);
        }
    }

    private byte[] scratch(int size) {
        if (scratch == null || scratch.length < size) {
            scratch = new byte[size];
        }
        return scratch;
    }

    public boolean hasNext() {
        return next < file.chunkCount();
    }

    /** The index of the chunk {@link #take()} or {@link #skip()} reads next. */
    public int nextIndex() {
        return next;
    }

    /** The size of the next chunk. */
    public int nextLength() {
        return (int) Math.min(file.chunkSize(), file.size() - offset);
    }

    /** Reads the next chunk, commits it to the buffer with its digest, and returns it for sending. */
    public BufferedChunk take() {
        return take(List.of());
    }

    /**
     * Reads the next chunk, commits it to the buffer with its digest, together with the removal
     * of {@code accepted} chunk rows (see {@link ChunkBuffer#append}), and returns it for sending.
     */
    public BufferedChunk take(Collection<Integer> accepted) {
        int index = next;
        int length = nextLength();
        byte[] data = new byte[length];
        readFully(data, length);
        whole.update(data);
        String digest = ContentDigests.sha256Header(chunkDigest.digest(data));
        buffer.append(file.id(), index, data, length, digest, accepted);
        next++;
        return new BufferedChunk(index, data, digest);
    }

    /** Reads the next chunk into the whole file's SHA-256 only: the server already holds it. */
    public void skip() {
        int n = nextLength();
        byte[] block = scratch(n);
        readFully(block, n);
        whole.update(block, 0, n);
        next++;
    }

    /**
     * After the last chunk: checks that the source ended where it should and was not modified
     * meanwhile, and stores the whole file's SHA-256 (hex), which it returns.
     */
    public String finish() {
        if (hasNext()) {
            throw new IllegalStateException("chunks " + next + ".." + (file.chunkCount() - 1) + " not read yet");
        }
        try {
            if (in.read() != -1) {
                throw changed("grew");
            }
        } catch (IOException e) {
            throw new BufferException(unreadable(file, e), e);
        }
        checkUnchanged(file, path);
        String sha256 = HexFormat.of().formatHex(whole.digest());
        buffer.finishBuffering(file.id(), sha256);
        return sha256;
    }

    private void readFully(byte[] into, int n) {
        int read;
        try {
            read = in.readNBytes(into, 0, n);
        } catch (IOException e) {
            throw new BufferException(unreadable(file, e), e);
        }
        if (read != n) {
            throw changed("shrank to " + (offset + read) + " bytes");
        }
        offset += n;
    }

    private SourceChangedException changed(String how) {
        return new SourceChangedException(file.clientName() + " changed while it was being read in (it " + how + "; "
                + file.size() + " bytes were expected): upload it again");
    }

    /** The SHA-256 (hex) of a whole file. */
    static String sha256Hex(Path file) {
        MessageDigest digest = ChunkBuffer.sha256();
        byte[] block = new byte[HASH_BLOCK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(block)) > 0; ) {
                digest.update(block, 0, n);
            }
        } catch (IOException e) {
            throw new BufferException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Only read from: nothing to lose.
        }
    }
}
