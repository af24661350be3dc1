package io.indexedcp.server.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Staging and placement on a real file system. */
class DiskChunkStorageTest {

    @TempDir
    Path outputDir;

    private final DiskChunkStorage storage = new DiskChunkStorage();

    @BeforeEach
    void open() {
        storage.open(outputDir);
    }

    @Test
    void chunksPlacedOutOfOrderAtTheirOffsetsRebuildTheFile() throws Exception {
        byte[] source = new byte[5 * 1000 + 123];
        new Random(1).nextBytes(source);
        List<StagedChunk> staged = new ArrayList<>();
        for (int offset = 0; offset < source.length; offset += 1000) {
            int length = Math.min(1000, source.length - offset);
            staged.add(storage.stage(new ByteArrayInputStream(source, offset, length)));
        }
        try (TargetFile target = storage.openTarget("rebuilt.bin", 0)) {
            target.copyStaged(staged.get(0).stagedAs(), 0);
            for (int i = staged.size() - 1; i > 1; i--) {
                target.copyStaged(staged.get(i).stagedAs(), i * 1000L);
            }
            target.write(Arrays.copyOfRange(source, 1000, 2000), 1000); // a chunk held in memory
            target.force();
        }
        assertArrayEquals(source, Files.readAllBytes(outputDir.resolve("rebuilt.bin")));
    }

    /**
     * Written through (direct I/O on this file system): an aligned middle and an unaligned tail, a
     * chunk at an unaligned offset (buffered), and buffered chunks between them, all in one file.
     */
    @Test
    void chunksWrittenThroughAndBufferedMakeOneFile() throws Exception {
        CountingDirectIo counting = new CountingDirectIo(outputDir);
        storage.direct = counting;
        int mib = 1024 * 1024;
        byte[] source = new byte[3 * mib + 4096 + 777];
        new Random(2).nextBytes(source);
        try (TargetFile target = storage.openTarget("through.bin", 0)) {
            target.writeThrough(Arrays.copyOfRange(source, 0, mib + 100), 0); // aligned start, unaligned tail
            target.writeThrough(Arrays.copyOfRange(source, mib + 100, 2 * mib), mib + 100); // unaligned start
            target.write(Arrays.copyOfRange(source, 2 * mib, 2 * mib + 4096), 2 * mib);
            target.writeThrough(Arrays.copyOfRange(source, 2 * mib + 4096, source.length), 2 * mib + 4096);
            target.force();
        }
        assertArrayEquals(source, Files.readAllBytes(outputDir.resolve("through.bin")));
        try (TargetFile target = storage.openTarget("through.bin", mib)) { // rewriting a region, as a sync does
            target.write(Arrays.copyOfRange(source, mib, 2 * mib), mib);
            target.writeThrough(Arrays.copyOfRange(source, 0, mib), 0);
            target.force();
        }
        assertArrayEquals(source, Files.readAllBytes(outputDir.resolve("through.bin")));
        assertEquals(sha256(source), storage.sha256Hex("through.bin"), "hashed by direct reads, the unaligned end too");
        if (acceptsDirectIo(outputDir.resolve("through.bin"))) {
            assertTrue(counting.writes > 0 && counting.reads > 0, "went direct where the volume allows it");
        }
    }

    /** A file system that lets a file be opened with O_DIRECT, then refuses its writes (EINVAL). */
    @Test
    void aRefusedDirectWriteIsRedoneThroughThePageCacheAndDirectIoTurnedOff() throws Exception {
        CountingDirectIo refusing = new CountingDirectIo(outputDir);
        refusing.failWrites = true;
        storage.direct = refusing;
        int mib = 1024 * 1024;
        byte[] source = new byte[2 * mib + 10];
        new Random(3).nextBytes(source);
        try (TargetFile target = storage.openTarget("refused.bin", 0)) {
            target.writeThrough(Arrays.copyOfRange(source, 0, mib), 0);
            target.writeThrough(Arrays.copyOfRange(source, mib, source.length), mib);
            target.force();
        }
        assertArrayEquals(source, Files.readAllBytes(outputDir.resolve("refused.bin")));
        assertEquals(sha256(source), storage.sha256Hex("refused.bin"));
        assertTrue(refusing.writes <= 1 && refusing.reads == 0, "tried once at most, then never again");
        assertTrue(refusing.writes == 0 || refusing.blockSize() <= 0, "off for this server once refused");
    }

    @Test
    void aRefusedDirectReadIsRedoneThroughThePageCache() throws Exception {
        CountingDirectIo refusing = new CountingDirectIo(outputDir);
        refusing.failReads = true;
        storage.direct = refusing;
        byte[] source = new byte[3 * 1024 * 1024 + 5];
        new Random(4).nextBytes(source);
        Files.write(outputDir.resolve("read.bin"), source);
        assertEquals(sha256(source), storage.sha256Hex("read.bin"));
        assertEquals(sha256(source), storage.sha256Hex("read.bin"));
        assertTrue(refusing.reads <= 1, "tried once at most");
    }

    /** A file of many pieces is read ahead on a thread of the container's factory, and hashed right. */
    @Test
    @Timeout(60)
    void aLargeFileIsHashedWithAThreadReadingAhead() throws Exception {
        List<Thread> threads = new ArrayList<>();
        DiskChunkStorage withThreads = new DiskChunkStorage() {
            @Override
            ThreadFactory readAhead() {
                return task -> {
                    Thread thread = new Thread(task, "read-ahead");
                    threads.add(thread);
                    return thread;
                };
            }
        };
        withThreads.open(outputDir);
        byte[] source = new byte[9 * 1024 * 1024 + 123];
        new Random(5).nextBytes(source);
        Files.write(outputDir.resolve("large.bin"), source);

        assertEquals(sha256(source), withThreads.sha256Hex("large.bin"));
        assertEquals(sha256(source), withThreads.sha256Hex("large.bin"), "again: the aligned buffers came back");
        if (acceptsDirectIo(outputDir.resolve("large.bin"))) {
            assertEquals(2, threads.size(), "one reader per hash");
        }
        for (Thread thread : threads) {
            assertFalse(thread.isAlive(), "each reader ended with its hash");
        }
    }

    /** The consumer failing mid-file stops the reader, and gives every aligned buffer back. */
    @Test
    @Timeout(60) // a reader left waiting would hang readAll
    void aReadAheadGivenUpStopsItsReaderAndReturnsItsBuffers() throws Exception {
        DirectIo direct = new DirectIo(outputDir);
        int block = direct.blockSize();
        Path file = outputDir.resolve("given-up.bin");
        Files.write(file, new byte[8 * 1024 * 1024]);
        if (block <= 0 || !acceptsDirectIo(file)) {
            return; // nothing to read ahead on a volume without direct I/O
        }
        List<Thread> threads = new ArrayList<>();
        ThreadFactory readers = task -> {
            Thread thread = new Thread(task, "read-ahead");
            threads.add(thread);
            return thread;
        };
        for (int attempt = 0; attempt < 3; attempt++) { // 2 of the 4 buffers each: lost ones would show by the third
            try (FileChannel channel = direct.open(file, StandardOpenOption.READ)) {
                int[] pieces = {0};
                IllegalStateException stop = assertThrows(IllegalStateException.class, () -> direct.readAll(channel, block,
                        piece -> {
                            if (++pieces[0] == 2) {
                                throw new IllegalStateException("enough");
                            }
                        }, readers));
                assertEquals("enough", stop.getMessage());
            }
        }
        assertEquals(3, threads.size(), "read ahead every time: no buffer was lost");
        for (Thread thread : threads) {
            assertFalse(thread.isAlive(), "the reader stopped before readAll returned");
        }
        try (FileChannel channel = direct.open(file, StandardOpenOption.READ)) {
            long[] bytes = {0};
            assertTrue(direct.readAll(channel, block, piece -> bytes[0] += piece.remaining(), task -> null),
                    "a factory without a thread: read without one");
            assertEquals(8 * 1024 * 1024, bytes[0]);
        }
    }

    /** Counts the direct writes and reads, and fails them when told to, as a refusing file system would. */
    static final class CountingDirectIo extends DirectIo {

        boolean failWrites;
        boolean failReads;
        int writes;
        int reads;

        CountingDirectIo(Path volume) {
            super(volume);
        }

        @Override
        boolean write(FileChannel channel, byte[] bytes, int length, long offset, int block) throws IOException {
            writes++;
            if (failWrites) {
                throw new IOException("Invalid argument");
            }
            return super.write(channel, bytes, length, offset, block);
        }

        @Override
        boolean readAll(FileChannel channel, int block, Consumer<ByteBuffer> consumer) throws IOException {
            reads++;
            if (failReads) {
                throw new IOException("Invalid argument");
            }
            return super.readAll(channel, block, consumer);
        }

        @Override
        boolean readAll(FileChannel channel, int block, Consumer<ByteBuffer> consumer, ThreadFactory readers)
                throws IOException {
            if (readers == null) {
                return super.readAll(channel, block, consumer, null); // counted by the method above
            }
            reads++;
            if (failReads) {
                throw new IOException("Invalid argument");
            }
            return super.readAll(channel, block, consumer, readers);
        }
    }

    private static boolean acceptsDirectIo(Path file) {
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aChunkAtAnOffsetIsNeverPlacedIntoAMissingFile() throws Exception {
        StagedChunk chunk = storage.stage(new ByteArrayInputStream("abc".getBytes()));
        assertThrows(NoSuchFileException.class, () -> storage.openTarget("holes.bin", 1000));
        assertFalse(Files.exists(outputDir.resolve("holes.bin")));
    }

    @Test
    void anEmptyChunkAtTheStartCreatesAnEmptyFile() throws Exception {
        try (TargetFile target = storage.openTarget("empty.bin", 0)) {
            target.write(new byte[0], 0);
            target.force();
        }
        assertEquals(0, Files.size(outputDir.resolve("empty.bin")));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", storage.sha256Hex("empty.bin"));
    }

    @Test
    void aFileMovedAsideLeavesItsNameFreeAndCanBeDeletedLater() throws Exception {
        Files.writeString(outputDir.resolve("old.bin"), "old");
        String aside = storage.moveAside("old.bin");
        assertFalse(Files.exists(outputDir.resolve("old.bin")));
        assertEquals("old", Files.readString(outputDir.resolve(aside)));
        storage.delete(aside);
        assertFalse(Files.exists(outputDir.resolve(aside)));
        assertNull(storage.moveAside("old.bin"), "nothing to move");
    }

    @Test
    void placingTheSameChunkTwiceChangesNothing() throws Exception {
        StagedChunk chunk = storage.stage(new ByteArrayInputStream("abc".getBytes()));
        place(chunk, "twice.bin");
        place(chunk, "twice.bin");
        assertArrayEquals("abc".getBytes(), Files.readAllBytes(outputDir.resolve("twice.bin")));
    }

    @Test
    void aFailedBodyLeavesNoStagingFile() throws Exception {
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 10_000) {
                    throw new IOException("cut");
                }
                return 7;
            }
        };
        assertThrows(IOException.class, () -> storage.stage(failing));
        assertEquals(0, stagedFiles());
    }

    @Test
    void placingADiscardedChunkSaysItIsGone() throws Exception {
        StagedChunk chunk = storage.stage(new ByteArrayInputStream(new byte[10]));
        storage.discard(chunk.stagedAs());
        storage.discard(chunk.stagedAs());
        try (TargetFile target = storage.openTarget("gone.bin", 0)) {
            assertThrows(NoSuchFileException.class, () -> target.copyStaged(chunk.stagedAs(), 0));
        }
        assertFalse(Files.exists(outputDir.resolve("gone.bin")));
    }

    @Test
    void refusesTargetsOutsideTheOutputDirectory() {
        assertThrows(IllegalArgumentException.class, () -> storage.resolve("../escape.bin"));
        assertThrows(IllegalArgumentException.class, () -> storage.resolve("a/b/c.bin"));
        assertThrows(IllegalArgumentException.class, () -> storage.resolve(".hidden/c.bin"));
        assertEquals(outputDir.resolve("alice/b.bin"), storage.resolve("alice/b.bin"), "an owner's directory");
        assertThrows(IllegalArgumentException.class, () -> storage.resolve(DiskChunkStorage.STAGING_DIR + "/../../x"));
        assertEquals(outputDir.resolve("x.bin"), storage.resolve("x.bin"));
    }

    @Test
    void anAssembledFileIsPublishedWholeUnderItsName() throws Exception {
        StagedChunk chunk = storage.stage(new ByteArrayInputStream("new".getBytes()));
        String assembly = storage.newAssemblyName();
        place(chunk, assembly);
        Files.writeString(outputDir.resolve("doc.txt"), "old content");
        storage.publish(assembly, "doc.txt");
        assertEquals("new", Files.readString(outputDir.resolve("doc.txt")));
        assertFalse(storage.exists(assembly));
    }

    private void place(StagedChunk chunk, String file) throws IOException {
        try (TargetFile target = storage.openTarget(file, 0)) {
            target.copyStaged(chunk.stagedAs(), 0);
            target.force();
        }
    }

    private long stagedFiles() throws IOException {
        try (Stream<Path> files = Files.list(outputDir.resolve(DiskChunkStorage.STAGING_DIR))) {
            return files.count();
        }
    }
}
