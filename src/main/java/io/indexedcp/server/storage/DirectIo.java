package io.indexedcp.server.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Reads and writes that bypass the page cache ({@code O_DIRECT}): large chunks written to be
 * synced right after, and a whole file read once to hash it at completion.
 *
 * <p>Why: such a chunk is written only to be synced at once and is not read again until the
 * upload completes, so a buffered write copies it into the page cache for nothing, and the sync
 * then writes it out from there. Fresh page-cache pages can cost far more than the copy itself
 * (measured on this project's VM: 2.3 ms per MiB for pages the host had to supply again, 0.2 ms for
 * reused ones, against 0.6 ms for a direct write and its sync), and a stream of large uploads
 * evicts everything else the machine caches. The same holds for reading a completed file
 * once to hash it: a direct read measured 1.6 GB/s, one through fresh page-cache pages 0.3 GB/s. The
 * sync that follows a write is what makes the bytes durable, exactly as for a buffered write; {@code O_DIRECT} alone promises nothing about power
 * loss.
 *
 * <p>Direct I/O needs the position, the length and the memory address aligned to the file
 * system's block size. The aligned middle of a chunk goes through a pooled, aligned buffer; an
 * unaligned start or end is left to the caller's buffered write. A direct read may end anywhere:
 * the end of the file needs no alignment. A file system without direct I/O (tmpfs on older kernels, some network file systems) is found out at the first opening and
 * written through the page cache from then on.
 */
final class DirectIo {

    /** Smaller writes gain nothing worth a second opening of the file. */
    static final int MIN_BYTES = 256 * 1024;
    private static final int BUFFER_BYTES = 1024 * 1024;
    /** Buffers kept for reuse; more writers than this allocate and drop their own. */
    private static final int POOLED_BUFFERS = 4;

    private final BlockingQueue<ByteBuffer> pool = new ArrayBlockingQueue<>(POOLED_BUFFERS);
    /** 0 until known, then the block size, or -1 once direct I/O failed: only a hint, per server. */
    private volatile int blockSize;

    /**
     * How many leading bytes of {@code length} at {@code offset} can be written directly, given
     * {@code block} from {@link #blockSize}; 0 for none.
     */
    static int directLength(int block, long offset, int length) {
        if (block <= 0 || length < MIN_BYTES || offset % block != 0) {
            return 0;
        }
        return length / block * block;
    }

    /**
     * Opens an existing {@code file} for direct writes; null when the file system refuses (remembered,
     * so the next chunks go buffered without trying).
     */
    FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            blockSize = -1;
            return null;
        }
    }

    /**
     * Opens {@code file} to read it directly; null when the file system refuses (remembered, as for
     * writes) or the block size is not known.
     */
    FileChannel openToRead(Path file) throws NoSuchFileException {
        if (blockSize(file) <= 0) {
            return null;
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            blockSize = -1;
            return null;
        }
    }

    /**
     * Reads {@code channel} (from {@link #openToRead}) from start to end, handing each piece to
     * {@code consumer} as a buffer between its position and limit.
     */
    void readAll(FileChannel channel, Path file, Consumer<ByteBuffer> consumer) throws IOException {
        int block = blockSize(file);
        ByteBuffer buffer = take(block);
        try {
            long size = channel.size();
            for (long position = 0; position < size; ) {
                if (position % block != 0) { // only the end of the file may be unaligned
                    throw new IOException("a direct read of " + file + " ended early, at " + position + " of " + size);
                }
                int n = channel.read(buffer.clear(), position);
                if (n <= 0) {
                    break; // the file shrank while being read: its hash tells
                }
                position += n;
                consumer.accept(buffer.flip());
            }
        } finally {
            pool.offer(buffer);
        }
    }

    private ByteBuffer take(int block) {
        ByteBuffer buffer = pool.poll();
        if (buffer == null || buffer.alignmentOffset(0, block) != 0) {
            buffer = ByteBuffer.allocateDirect(BUFFER_BYTES + block).alignedSlice(block);
        }
        return buffer;
    }

    /** Writes the first {@code length} bytes of {@code bytes} (a multiple of {@code block}) at {@code offset}. */
    void write(FileChannel channel, byte[] bytes, int length, long offset, int block) throws IOException {
        ByteBuffer buffer = take(block);
        try {
            for (int done = 0; done < length; ) {
                int n = Math.min(buffer.capacity(), length - done);
                buffer.clear().put(bytes, done, n).flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer, offset + done + buffer.position());
                }
                done += n;
            }
        } finally {
            pool.offer(buffer);
        }
    }

    /** The block size direct writes to {@code file} must align to; 0 or less when they are not to be tried. */
    int blockSize(Path file) {
        int known = blockSize;
        if (known != 0) {
            return known;
        }
        try {
            // Of the directory: the file may not exist yet.
            long size = Files.getFileStore(file.getParent()).getBlockSize();
            known = size > 0 && size <= BUFFER_BYTES && Long.bitCount(size) == 1 ? (int) size : -1;
        } catch (IOException | UnsupportedOperationException e) {
            known = -1;
        }
        blockSize = known;
        return known;
    }
}
