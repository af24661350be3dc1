package io.indexedcp.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The durable floor (issue 13): what the disk allows for chunks acknowledged one at a time when each
 * must be durable first, with no server in the way. A plain loop, per chunk: write it at the end of
 * one file and {@code force(false)} (fdatasync), then insert one row with sqlite-jdbc and commit it,
 * in WAL with {@code synchronous=FULL}. File and database lie in the server's output directory, on
 * the volume the server writes to; the server is idle meanwhile.
 */
final class DurableFloor {

    private final Path dir;
    private final byte[] payload;

    DurableFloor(Path dir, byte[] payload) {
        this.dir = dir;
        this.payload = payload;
    }

    /** Up to {@code bytes} in chunks of {@code chunkSize}, stopping at {@code deadline} (System.nanoTime()). */
    Benchmark.Sent loop(int chunkSize, long bytes, long deadline) throws Exception {
        Path file = dir.resolve(".bench-floor.bin");
        Path db = dir.resolve(".bench-floor.db");
        long planned = (bytes + chunkSize - 1) / chunkSize;
        delete(file, db);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = sql.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("CREATE TABLE chunk (chunk_index INTEGER PRIMARY KEY, size INTEGER NOT NULL, at INTEGER NOT NULL)");
            }
            sql.setAutoCommit(false);
            try (PreparedStatement insert = sql.prepareStatement("INSERT INTO chunk (chunk_index, size, at) VALUES (?, ?, ?)")) {
                long chunks = 0;
                long start = System.nanoTime();
                while (chunks < planned && System.nanoTime() < deadline) {
                    int size = (int) Math.min(chunkSize, bytes - chunks * chunkSize);
                    ByteBuffer buffer = ByteBuffer.wrap(payload, 0, size);
                    long position = out.size();
                    while (buffer.hasRemaining()) {
                        position += out.write(buffer, position);
                    }
                    out.force(false);
                    insert.setLong(1, chunks);
                    insert.setInt(2, size);
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                    sql.commit();
                    chunks++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Benchmark.Sent(seconds, Math.min(bytes, chunks * chunkSize), chunks, planned);
            }
        } finally {
            delete(file, db);
        }
    }

    private static void delete(Path file, Path db) throws Exception {
        Files.deleteIfExists(file);
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }
}
