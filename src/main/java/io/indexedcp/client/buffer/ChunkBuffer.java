package io.indexedcp.client.buffer;

import io.indexedcp.protocol.ContentDigests;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQLite buffer. Files go in one chunk at a time and come out one chunk at a time, so memory
 * stays at a chunk or two whatever the size of the file.
 *
 * <p>Protocol v2: each file row carries an upload id (a random UUID, new for every add of a changed
 * file) and the whole file's SHA-256; each chunk row its own SHA-256, as an RFC 9530
 * {@code Content-Digest} value. Both digests are computed while the file is read in, so what is
 * sent is checked against what was read from disk.
 *
 * <p>Thread-safe: every method holds the one connection's lock for its statements and nothing
 * else (no caller does network I/O while holding it). Two processes may share a database file;
 * SQLite serialises their writes (they wait up to {@link #BUSY_TIMEOUT_MS}).
 */
public final class ChunkBuffer implements AutoCloseable {

    static final int BUSY_TIMEOUT_MS = 30_000;

    private static final String SCHEMA_FILES = """
            CREATE TABLE IF NOT EXISTS files (
                id           INTEGER PRIMARY KEY,
                path         TEXT    NOT NULL UNIQUE,
                client_name  TEXT    NOT NULL,
                size         INTEGER NOT NULL,
                mtime_ms     INTEGER NOT NULL,
                chunk_size   INTEGER NOT NULL,
                chunk_count  INTEGER NOT NULL,
                server_url   TEXT,
                added_ms     INTEGER NOT NULL,
                upload_id    TEXT,
                sha256       TEXT
            )""";
    private static final String SCHEMA_CHUNKS = """
            CREATE TABLE IF NOT EXISTS chunks (
                file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
                idx     INTEGER NOT NULL,
                data    BLOB    NOT NULL,
                digest  TEXT,
                PRIMARY KEY (file_id, idx)
            ) WITHOUT ROWID""";
    private static final String SELECT_FILES = """
            SELECT f.id, f.path, f.client_name, f.size, f.mtime_ms, f.chunk_size, f.chunk_count, f.server_url,
                   (SELECT count(*) FROM chunks c WHERE c.file_id = f.id),
                   (SELECT coalesce(sum(length(c.data)), 0) FROM chunks c WHERE c.file_id = f.id),
                   f.upload_id, f.sha256
            FROM files f""";

    private final Path databaseFile;
    private final Connection connection;

    private ChunkBuffer(Path databaseFile, Connection connection) {
        this.databaseFile = databaseFile;
        this.connection = connection;
    }

    /** Opens (and on first use creates) the buffer database. */
    public static ChunkBuffer open(Path databaseFile) {
        try {
            Path parent = databaseFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new BufferException("cannot create the directory of " + databaseFile, e);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                s.execute("PRAGMA foreign_keys = ON");
                // Both take effect only on a new database: big pages keep a 1 MiB blob's overflow chain
                // short, and incremental vacuum lets the file shrink after a big upload.
                s.execute("PRAGMA page_size = 65536");
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute(SCHEMA_FILES);
                s.execute(SCHEMA_CHUNKS);
                addColumnIfMissing(s, "files", "upload_id", "TEXT");
                addColumnIfMissing(s, "files", "sha256", "TEXT");
                addColumnIfMissing(s, "chunks", "digest", "TEXT");
            }
            return new ChunkBuffer(databaseFile, connection);
        } catch (SQLException e) {
            throw new BufferException("cannot open the buffer " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * A buffer written by a client before protocol v2 lacks the new columns; its files keep no
     * upload id and are finished with the plain protocol.
     */
    private static void addColumnIfMissing(Statement s, String table, String column, String type) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equalsIgnoreCase(rs.getString("name"))) {
                    return;
                }
            }
        }
        s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }

    public Path databaseFile() {
        return databaseFile;
    }

    /**
     * Puts a file into the buffer, replacing whatever the buffer held for the same path (the same
     * file added again, or a changed one), in one transaction: a crash mid-way leaves the buffer as
     * it was before. The file gets a new upload id, unless the buffer already held exactly this
     * content (same size, modification time, chunk size and SHA-256) under this path: then the id
     * is kept, so that a server that holds some of its chunks is not sent them again.
     *
     * @return the buffered file, all chunks remaining
     */
    public synchronized BufferedFile add(Path file, String clientName, int chunkSize, URI serverUrl) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, was " + chunkSize);
        }
        Path absolute = file.toAbsolutePath().normalize();
        long size;
        Instant modified;
        try {
            if (!Files.isRegularFile(absolute)) {
                throw new BufferException("not a regular file: " + file);
            }
            size = Files.size(absolute);
            modified = Files.getLastModifiedTime(absolute).toInstant();
        } catch (IOException e) {
            throw new BufferException("cannot read " + file + ": " + e.getMessage(), e);
        }
        long chunks = size == 0 ? 1 : (size + chunkSize - 1) / chunkSize;
        if (chunks > Integer.MAX_VALUE) {
            throw new BufferException(file + " needs more than " + Integer.MAX_VALUE + " chunks: use a larger chunk size");
        }
        return inTransaction(() -> {
            Optional<BufferedFile> previous = query(SELECT_FILES + " WHERE f.path = ?",
                    ps -> ps.setString(1, absolute.toString())).stream().findFirst();
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM files WHERE path = ?")) {
                delete.setString(1, absolute.toString());
                delete.executeUpdate();
            }
            long id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO files (path, client_name, size, mtime_ms, chunk_size, chunk_count, server_url, added_ms,
                                       upload_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, absolute.toString());
                insert.setString(2, clientName);
                insert.setLong(3, size);
                insert.setLong(4, modified.toEpochMilli());
                insert.setInt(5, chunkSize);
                insert.setInt(6, (int) chunks);
                insert.setString(7, serverUrl == null ? null : serverUrl.toString());
                insert.setLong(8, System.currentTimeMillis());
                insert.setString(9, UUID.randomUUID().toString());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            MessageDigest whole = sha256();
            long copied = copyChunks(absolute, id, chunkSize, whole);
            if (copied != size) {
                throw new BufferException(file + " changed while it was being added (" + copied + " of " + size + " bytes)");
            }
            String sha256 = HexFormat.of().formatHex(whole.digest());
            String sameUploadId = previous
                    .filter(p -> p.size() == size && p.modified().toEpochMilli() == modified.toEpochMilli()
                            && p.chunkSize() == chunkSize && sha256.equals(p.sha256()))
                    .map(BufferedFile::uploadId)
                    .orElse(null);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE files SET sha256 = ?, upload_id = coalesce(?, upload_id) WHERE id = ?")) {
                update.setString(1, sha256);
                update.setString(2, sameUploadId);
                update.setLong(3, id);
                update.executeUpdate();
            }
            return find(id).orElseThrow();
        });
    }

    /**
     * Reads the file chunk by chunk into rows, each with its digest, feeding {@code whole} on the
     * way; returns the number of bytes read.
     */
    private long copyChunks(Path file, long fileId, int chunkSize, MessageDigest whole) throws SQLException {
        byte[] buffer = new byte[chunkSize];
        MessageDigest chunkDigest = sha256();
        long total = 0;
        try (InputStream in = Files.newInputStream(file);
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO chunks (file_id, idx, data, digest) VALUES (?, ?, ?, ?)")) {
            int index = 0;
            while (true) {
                int n = in.readNBytes(buffer, 0, chunkSize);
                if (n == 0 && index > 0) {
                    break;
                }
                whole.update(buffer, 0, n);
                chunkDigest.update(buffer, 0, n);
                insert.setLong(1, fileId);
                insert.setInt(2, index);
                insert.setBytes(3, n == chunkSize ? buffer : Arrays.copyOf(buffer, n));
                insert.setString(4, ContentDigests.sha256Header(chunkDigest.digest()));
                insert.executeUpdate();
                total += n;
                index++;
                if (n < chunkSize) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new BufferException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return total;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public synchronized List<BufferedFile> files() {
        return query(SELECT_FILES + " ORDER BY f.id", ps -> { });
    }

    public synchronized Optional<BufferedFile> find(long fileId) {
        return query(SELECT_FILES + " WHERE f.id = ?", ps -> ps.setLong(1, fileId)).stream().findFirst();
    }

    /** The indexes of the chunks still waiting, ascending. */
    public synchronized List<Integer> remainingChunks(long fileId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT idx FROM chunks WHERE file_id = ? ORDER BY idx")) {
            ps.setLong(1, fileId);
            List<Integer> indexes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.add(rs.getInt(1));
                }
            }
            return indexes;
        } catch (SQLException e) {
            throw failure("read the chunk list", e);
        }
    }

    /** The bytes of a buffered chunk. */
    public byte[] readChunk(long fileId, int index) {
        return read(fileId, index).data();
    }

    /**
     * A chunk with its RFC 9530 {@code Content-Digest} value; the digest stored when the file was
     * added, or (for a chunk buffered before protocol v2) computed now.
     */
    public synchronized BufferedChunk read(long fileId, int index) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT data, digest FROM chunks WHERE file_id = ? AND idx = ?")) {
            ps.setLong(1, fileId);
            ps.setInt(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BufferException("chunk " + index + " of file " + fileId + " is not in the buffer");
                }
                byte[] data = rs.getBytes(1);
                if (data == null) {
                    data = new byte[0];
                }
                String digest = rs.getString(2);
                if (digest == null) {
                    digest = ContentDigests.sha256Header(sha256().digest(data));
                }
                return new BufferedChunk(index, data, digest);
            }
        } catch (SQLException e) {
            throw failure("read chunk " + index, e);
        }
    }

    /** A server has accepted the chunk: it leaves the buffer. */
    public synchronized void removeChunk(long fileId, int index) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM chunks WHERE file_id = ? AND idx = ?")) {
            ps.setLong(1, fileId);
            ps.setInt(2, index);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("remove chunk " + index, e);
        }
    }

    /** Drops the file row once no chunk of it is left; true if it was dropped. */
    public synchronized boolean removeFileIfDone(long fileId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM files WHERE id = ? AND NOT EXISTS (SELECT 1 FROM chunks WHERE file_id = ?)")) {
            ps.setLong(1, fileId);
            ps.setLong(2, fileId);
            boolean removed = ps.executeUpdate() > 0;
            if (removed) {
                reclaimSpace();
            }
            return removed;
        } catch (SQLException e) {
            throw failure("remove a finished file", e);
        }
    }

    /**
     * The server has completed the upload (protocol v2): the file row leaves, with any chunk rows
     * that are left. True if it was there.
     */
    public synchronized boolean removeFile(long fileId) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM files WHERE id = ?")) {
            ps.setLong(1, fileId);
            boolean removed = ps.executeUpdate() > 0;
            if (removed) {
                reclaimSpace();
            }
            return removed;
        } catch (SQLException e) {
            throw failure("remove a completed file", e);
        }
    }

    /** Forgets everything; returns the number of files dropped. */
    public synchronized int clear() {
        int removed = inTransaction(() -> {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("DELETE FROM chunks");
                return s.executeUpdate("DELETE FROM files");
            }
        });
        reclaimSpace();
        return removed;
    }

    /** Gives freed pages back to the file system, so the buffer does not stay as big as the largest upload. */
    private void reclaimSpace() {
        // Each step of the pragma frees one page; executeUpdate runs it to the end, execute would stop after one.
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("PRAGMA incremental_vacuum");
        } catch (SQLException e) {
            // Only disk space is at stake; the next finished file tries again.
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<BufferedFile> query(String sql, Binder binder) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            List<BufferedFile> files = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String server = rs.getString(8);
                    files.add(new BufferedFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6), rs.getInt(7), rs.getInt(9),
                            rs.getLong(10), Optional.ofNullable(server).map(URI::create), rs.getString(11),
                            rs.getString(12)));
                }
            }
            return files;
        } catch (SQLException e) {
            throw failure("list the files", e);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("update", e);
        }
    }

    private BufferException failure(String what, SQLException e) {
        return new BufferException("buffer " + databaseFile + ": cannot " + what + ": " + e.getMessage(), e);
    }
}
