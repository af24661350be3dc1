package io.indexedcp.client.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buffer on a real SQLite file; rows are checked with a second, independent connection. */
class ChunkBufferTest {

    @TempDir
    Path dir;

    private Path db;
    private ChunkBuffer buffer;

    @BeforeEach
    void open() {
        db = dir.resolve("nested/buffer.db");
        buffer = ChunkBuffer.open(db);
    }

    @AfterEach
    void close() {
        buffer.close();
    }

    private Path file(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private byte[] reassemble(BufferedFile f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int index : buffer.remainingChunks(f.id())) {
            out.writeBytes(buffer.read(f.id(), index).data());
        }
        return out.toByteArray();
    }

    @Test
    void fileIsCutIntoChunksWithAShortLastOne() throws Exception {
        byte[] content = random(10 * 1000 + 7, 1);

        BufferedFile f = buffer.add(file("a.bin", content), "./a.bin", 1000, URI.create("http://h:1/upload"));

        assertEquals(11, f.chunkCount());
        assertEquals(11, f.remainingChunks());
        assertEquals(content.length, f.remainingBytes());
        assertEquals("./a.bin", f.clientName());
        assertEquals(Optional.of(URI.create("http://h:1/upload")), f.serverUrl());
        assertEquals(7, buffer.read(f.id(), 10).data().length);
        assertArrayEquals(content, reassemble(f));
        assertEquals(11, count("SELECT count(*) FROM chunks"));
    }

    @Test
    void exactMultipleHasNoEmptyTrailingChunk() throws Exception {
        BufferedFile f = buffer.add(file("b.bin", random(3000, 2)), "b.bin", 1000, null);

        assertEquals(3, f.chunkCount());
        assertEquals(List.of(0, 1, 2), buffer.remainingChunks(f.id()));
        assertEquals(Optional.empty(), f.serverUrl());
    }

    @Test
    void emptyFileIsOneEmptyChunk() throws Exception {
        BufferedFile f = buffer.add(file("empty", new byte[0]), "empty", 1000, null);

        assertEquals(1, f.chunkCount());
        assertEquals(List.of(0), buffer.remainingChunks(f.id()));
        assertEquals(0, buffer.read(f.id(), 0).data().length);
    }

    @Test
    void oneByteFileIsOneChunk() throws Exception {
        BufferedFile f = buffer.add(file("one", new byte[] {42}), "one", 1000, null);

        assertEquals(1, f.chunkCount());
        assertArrayEquals(new byte[] {42}, buffer.read(f.id(), 0).data());
    }

    @Test
    void addingTheSamePathAgainReplacesItsChunks() throws Exception {
        Path path = file("c.bin", random(5000, 3));
        buffer.add(path, "c.bin", 1000, null);
        byte[] changed = random(2500, 4);
        Files.write(path, changed);

        BufferedFile f = buffer.add(dir.resolve("./c.bin"), "c.bin", 1000, null);

        assertEquals(1, buffer.files().size());
        assertEquals(3, f.chunkCount());
        assertEquals(3, count("SELECT count(*) FROM chunks"), "no stale chunks of the old version");
        assertEquals(1, count("SELECT count(*) FROM files"));
        assertArrayEquals(changed, reassemble(f));
    }

    @Test
    void acceptedChunksLeaveAndTheFileLeavesWithTheLast() throws Exception {
        BufferedFile f = buffer.add(file("d.bin", random(2500, 5)), "d.bin", 1000, null);

        buffer.removeChunk(f.id(), 1);
        assertEquals(List.of(0, 2), buffer.remainingChunks(f.id()));
        assertFalse(buffer.removeFileIfDone(f.id()));
        assertEquals(2, buffer.files().get(0).remainingChunks());
        assertEquals(1500, buffer.files().get(0).remainingBytes());

        buffer.removeChunk(f.id(), 0);
        buffer.removeChunk(f.id(), 2);
        assertTrue(buffer.removeFileIfDone(f.id()));
        assertEquals(List.of(), buffer.files());
        assertEquals(0, count("SELECT count(*) FROM chunks"));
    }

    @Test
    void bufferSurvivesReopening() throws Exception {
        byte[] content = random(4321, 6);
        BufferedFile f = buffer.add(file("e.bin", content), "e.bin", 1000, URI.create("http://h/upload"));
        buffer.removeChunk(f.id(), 0);
        buffer.close();

        buffer = ChunkBuffer.open(db);

        BufferedFile reopened = buffer.files().get(0);
        assertEquals(4, reopened.remainingChunks());
        assertEquals(5, reopened.chunkCount());
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, content.length), reassemble(reopened));
    }

    /** The database file and its write-ahead log, which holds the newest pages until they are checkpointed. */
    private long onDisk() throws Exception {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        return Files.size(db) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    @Test
    void theDatabaseShrinksOnceAFileHasLeft() throws Exception {
        BufferedFile f = buffer.add(file("big.bin", random(8 * 1024 * 1024, 11)), "big.bin", 1024 * 1024, null);
        long full = onDisk();
        for (int index : buffer.remainingChunks(f.id())) {
            buffer.removeChunk(f.id(), index);
        }

        assertTrue(buffer.removeFileIfDone(f.id()));

        assertTrue(full > 8 * 1024 * 1024, "" + full);
        assertTrue(onDisk() < 1024 * 1024, "still " + onDisk() + " bytes");
    }

    @Test
    void clearEmptiesEverything() throws Exception {
        buffer.add(file("f1", random(100, 7)), "f1", 10, null);
        buffer.add(file("f2", random(100, 8)), "f2", 10, null);

        assertEquals(2, buffer.clear());

        assertEquals(List.of(), buffer.files());
        assertEquals(0, count("SELECT count(*) FROM chunks"));
    }

    @Test
    void missingFileIsRefusedAndLeavesNothingBehind() {
        assertThrows(BufferException.class, () -> buffer.add(dir.resolve("nope"), "nope", 10, null));
        assertEquals(List.of(), buffer.files());
    }

    @Test
    void twoFilesWithTheSameBaseNameInDifferentDirectoriesAreKeptApart() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        buffer.add(file("a/x.csv", random(10, 9)), "a/x.csv", 4, null);
        buffer.add(file("b/x.csv", random(10, 10)), "b/x.csv", 4, null);

        assertEquals(2, buffer.files().size());
        assertEquals(6, count("SELECT count(*) FROM chunks"));
    }

    @Test
    void aFileIsAddedWithAnUploadIdItsSha256AndEachChunksDigest() throws Exception {
        byte[] content = random(2500, 21);
        BufferedFile f = buffer.add(file("v2.bin", content), "v2.bin", 1000, null);

        assertTrue(f.isV2());
        assertEquals(java.util.UUID.fromString(f.uploadId()).toString(), f.uploadId());
        assertEquals(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(content)), f.sha256());
        BufferedChunk last = buffer.read(f.id(), 2);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 2000, 2500), last.data());
        assertEquals(io.indexedcp.protocol.ContentDigests.sha256Header(
                java.security.MessageDigest.getInstance("SHA-256").digest(last.data())), last.contentDigest());
    }

    @Test
    void reAddingAChangedFileGivesANewUploadIdAndTheSameContentKeepsIt() throws Exception {
        Path path = file("id.bin", random(3000, 22));
        String first = buffer.add(path, "id.bin", 1000, null).uploadId();
        String again = buffer.add(path, "id.bin", 1000, null).uploadId();
        assertEquals(first, again, "unchanged: the server's chunks of it still count");

        Files.write(path, random(3000, 23));
        String changed = buffer.add(path, "id.bin", 1000, null).uploadId();
        assertFalse(first.equals(changed));
    }

    @Test
    void theFileRowStaysAfterItsLastChunkUntilRemoved() throws Exception {
        BufferedFile f = buffer.add(file("stay.bin", random(1500, 24)), "stay.bin", 1000, null);
        buffer.removeChunk(f.id(), 0);
        buffer.removeChunk(f.id(), 1);

        BufferedFile left = buffer.files().get(0);
        assertEquals(0, left.remainingChunks());
        assertEquals(f.uploadId(), left.uploadId());
        assertTrue(buffer.removeFile(f.id()));
        assertEquals(List.of(), buffer.files());
    }

    @Test
    void aDatabaseOfAnotherProgramIsRefusedInOneLineAndLeftUntouched() throws Exception {
        Path python = dir.resolve("indexcp.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + python)) {
            // A buffer as the Python client keeps it: its own table, its own columns.
            c.createStatement().execute(
                    "CREATE TABLE chunks (id INTEGER PRIMARY KEY, filename TEXT, chunk_index INTEGER, data BLOB)");
            c.createStatement().execute("INSERT INTO chunks VALUES (1, 'a.bin', 0, x'01')");
        }
        byte[] before = java.nio.file.Files.readAllBytes(python);

        BufferException refused = assertThrows(BufferException.class, () -> ChunkBuffer.open(python));

        assertTrue(refused.getMessage().contains("is not an indexedcp buffer"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--buffer"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"));
        assertArrayEquals(before, java.nio.file.Files.readAllBytes(python), "not a byte of it changed");
        assertFalse(java.nio.file.Files.exists(dir.resolve("indexcp.db-wal")), "not switched to WAL");
    }

    @Test
    void theDefaultBufferIsAFileOfOurOwnBesideThePythonClients() {
        assertEquals(Path.of(System.getProperty("user.home"), ".indexcp", "indexedcp-java.db"),
                io.indexedcp.client.IndexedCpClient.defaultBufferPath(io.indexedcp.client.IndexedCpClient.DEFAULT_BUFFER_NAME));
    }

    @Test
    void aBufferWrittenBeforeProtocolV2IsUpgradedAndItsFilesStayPlain() throws Exception {
        buffer.close();
        Path old = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            c.createStatement().execute("""
                    CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, client_name TEXT NOT NULL,
                        size INTEGER NOT NULL, mtime_ms INTEGER NOT NULL, chunk_size INTEGER NOT NULL,
                        chunk_count INTEGER NOT NULL, server_url TEXT, added_ms INTEGER NOT NULL)""");
            c.createStatement().execute("""
                    CREATE TABLE chunks (file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
                        idx INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (file_id, idx)) WITHOUT ROWID""");
            c.createStatement().execute("INSERT INTO files VALUES (1, '/x/old.bin', 'old.bin', 3, 0, 10, 1, NULL, 0)");
            c.createStatement().execute("INSERT INTO chunks VALUES (1, 0, x'010203')");
        }
        buffer = ChunkBuffer.open(old);

        BufferedFile f = buffer.files().get(0);
        assertFalse(f.isV2());
        BufferedChunk chunk = buffer.read(1, 0);
        assertArrayEquals(new byte[] {1, 2, 3}, chunk.data());
        assertEquals(io.indexedcp.protocol.ContentDigests.sha256Header(
                java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3})), chunk.contentDigest());
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** A kill after two chunks were read in: the next process reads on from the mark, and the SHA-256 covers the whole file. */
    @Test
    void aFileReadInPartIsResumedFromItsMarkAndHashedWhole() throws Exception {
        byte[] content = random(5000, 31);
        BufferedFile begun = buffer.begin(file("part.bin", content), "part.bin", 1000, null);
        assertEquals(0, begun.bufferedChunks());
        assertEquals(5, begun.remainingChunks(), "the chunks not read in yet are still to be sent");
        assertEquals(5000, begun.remainingBytes());
        FileIntake first = FileIntake.open(buffer, begun);
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 0, 1000), first.take().data());
        first.take();
        first.close(); // no finish(): the process dies here
        buffer.close();

        buffer = ChunkBuffer.open(db);
        BufferedFile reopened = buffer.files().get(0);
        assertEquals(2, reopened.bufferedChunks());
        assertEquals(5, reopened.remainingChunks());
        assertEquals(5000, reopened.remainingBytes());
        assertEquals(null, reopened.sha256());
        assertTrue(reopened.isV2());
        assertFalse(reopened.fullyBuffered());
        assertEquals(begun.uploadId(), reopened.uploadId());
        buffer.removeChunk(reopened.id(), 0); // the server had accepted chunk 0

        try (FileIntake resumed = FileIntake.open(buffer, reopened)) {
            assertEquals(2, resumed.nextIndex());
            resumed.take();
            resumed.take(List.of(1)); // chunk 1 accepted meanwhile: its row leaves with this commit
            resumed.take();
            assertFalse(resumed.hasNext());
            assertEquals(sha256Hex(content), resumed.finish());
        }

        BufferedFile done = buffer.files().get(0);
        assertTrue(done.fullyBuffered());
        assertEquals(sha256Hex(content), done.sha256());
        assertEquals(List.of(2, 3, 4), buffer.remainingChunks(done.id()));
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 2000, 5000), reassemble(done));
        assertEquals(3, count("SELECT count(*) FROM chunks"));
    }

    @Test
    void aSourceThatChangedBeforeItWasReadInWholeIsRefused() throws Exception {
        Path path = file("moved.bin", random(3000, 32));
        BufferedFile begun = buffer.begin(path, "moved.bin", 1000, null);
        try (FileIntake intake = FileIntake.open(buffer, begun)) {
            intake.take();
        }
        Files.write(path, random(3500, 33));

        SourceChangedException e = assertThrows(SourceChangedException.class,
                () -> FileIntake.open(buffer, buffer.files().get(0)));
        assertTrue(e.getMessage().contains("has changed since it was added"), e.getMessage());
    }

    @Test
    void beginningTheSameUnchangedFileAgainKeepsItsUploadIdAndForgetsItsRows() throws Exception {
        Path path = file("again.bin", random(3000, 34));
        BufferedFile first = buffer.add(path, "again.bin", 1000, null);

        BufferedFile again = buffer.begin(path, "again.bin", 1000, null);

        assertEquals(first.uploadId(), again.uploadId());
        assertEquals(0, again.bufferedChunks());
        assertEquals(0, count("SELECT count(*) FROM chunks"));
    }
}
