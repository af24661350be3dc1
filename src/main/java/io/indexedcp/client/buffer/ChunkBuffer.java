package io.indexedcp.client.buffer;

import io.indexedcp.protocol.ContentDigests;
import java.io.IOException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
 * <p><b>Reading in happens in small steps, not in one transaction.</b> A file row is created
 * first ({@link #begin}); then each chunk is read from the source file and committed together
 * with the row's {@code buffered_chunks} mark ({@link #append}), and the whole file's SHA-256 is
 * stored last ({@link #finishBuffering}). Why: the uploader sends chunks while later ones are still
 * being read in (see {@code FileUploader}), so a chunk must be durable on its own before it is
 * sent, and one transaction as large as the file would first go to the journal and then to the
 * database (a 10 GiB file, 10 GiB of journal). The price is a state the old single transaction
 * never left behind: a row whose tail, from chunk {@code buffered_chunks} on, has not been read
 * yet. That tail is still in the source file; {@link FileIntake} resumes from the mark after
 * checking that the file's size and modification time are still those recorded, and hashes the
 * prefix again, because the whole-file SHA-256 cannot be saved half-way. A crash therefore needs
 * the source file only for chunks that never entered the buffer.
 *
 * <p><b>Durability settings.</b> WAL journal with {@code synchronous=NORMAL}: a commit is an append
 * to the WAL and no fsync; fsyncs happen only at checkpoints. A killed process loses nothing that
 * was committed (the data is in the OS's page cache, and WAL recovery replays it). On power loss
 * or an OS crash the database stays consistent (WAL guarantees that with NORMAL), but the last
 * commits may be rolled back. Each kind of commit is safe to lose:
 * <ul>
 * <li>a chunk insert: its {@code buffered_chunks} mark goes with it (same transaction), so the
 *     next run reads that chunk from the source file again;</li>
 * <li>a chunk delete after the server accepted the chunk: the row comes back, the next run asks
 *     the server, which lists the chunk as held, and the row is dropped without sending it;</li>
 * <li>the file row's delete after completion: the next run asks, the server says complete, the
 *     row is dropped;</li>
 * <li>the SHA-256 and the final mark: the row looks partly read, and the tail is read again.</li>
 * </ul>
 * What cannot be recovered is a chunk the buffer has lost <em>and</em> whose source has changed or
 * gone; the size and modification time check, and in the end the server's whole-file SHA-256
 * check at completion, turn that into an error, never into a wrong file. With FULL
 * synchronisation every chunk's commit and every delete would wait for the disk, for a guarantee
 * about power loss that the resume logic does not need.
 *
 * <p>Thread-safe: every method holds the one connection's lock for its statements and nothing
 * else (no caller does network I/O while holding it). Two processes may share a database file;
 * SQLite serialises their statements (they wait up to {@link #BUSY_TIMEOUT_MS}), and a writer that
 * works on the buffer in many steps (an add, an upload) keeps other writers out with {@link #lock}.
 */
public final class ChunkBuffer implements AutoCloseable {

    static final int BUSY_TIMEOUT_MS = 30_000;
    private static final int PAGE_SIZE = 65_536;
    private static final int WAL_CHECKPOINT_PAGES = 1024;
    private static final int CACHE_KIB = 8 * 1024;

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
                   (SELECT count(*) FROM chunks c WHERE c.file_id = f.id)
                       + f.chunk_count - coalesce(f.buffered_chunks, f.chunk_count),
                   (SELECT coalesce(sum(length(c.data)), 0) FROM chunks c WHERE c.file_id = f.id)
                       + max(0, f.size - coalesce(f.buffered_chunks, f.chunk_count) * f.chunk_size),
                   f.upload_id, f.sha256, coalesce(f.buffered_chunks, f.chunk_count)
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
                refuseForeignSchema(s, databaseFile, connection);
                s.execute("PRAGMA foreign_keys = ON");
                // Both take effect only on a new database: big pages keep a 1 MiB blob's overflow chain
                // short, and incremental vacuum lets the file shrink after a big upload.
                s.execute("PRAGMA page_size = " + PAGE_SIZE);
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute(SCHEMA_FILES);
                s.execute(SCHEMA_CHUNKS);
                addColumnIfMissing(s, "files", "upload_id", "TEXT");
                addColumnIfMissing(s, "files", "sha256", "TEXT");
                addColumnIfMissing(s, "chunks", "digest", "TEXT");
                // Null: the whole file was read in (every row written before the buffer was filled in steps).
                addColumnIfMissing(s, "files", "buffered_chunks", "INTEGER");
                // See the class comment for why these are enough. Only after the tables exist: a database that
                // is switched to WAL before its first table is written with the default page size and no auto-vacuum.
                // The WAL is checkpointed every 64 MiB (1024 pages of 64 KiB; SQLite's default of 1000 pages
                // would be 64 MiB too, but say so) and cut back to that size: chunks stream through a few pages
                // that are freed and reused, so a longer WAL holds several versions of each page, of which a
                // checkpoint copies only the last. The page cache holds 8 MiB: deleting an accepted chunk walks
                // its 1 MiB chain of pages, read back from the WAL unless the chunk is still cached from its
                // insert a few chunks earlier. Measured (issue 13), a 1 GiB upload with --parallel 4: the client's
                // CPU 5.0-5.3 -> 4.4-4.9 s and its peak RSS 114-121 -> 124-127 MiB against a 16 MiB WAL and a
                // 1 MiB cache.
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
                s.execute("PRAGMA journal_size_limit = " + (long) WAL_CHECKPOINT_PAGES * PAGE_SIZE);
                s.execute("PRAGMA cache_size = -" + CACHE_KIB);
            }
            return new ChunkBuffer(databaseFile, connection);
        } catch (SQLException e) {
            throw new BufferException("cannot open the buffer " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * A database that already holds tables other than ours — the Python IndexedCP client keeps its
     * buffer in a file of the same kind, with other tables — is refused before anything is written
     * to it, with one line that says what to do instead of an SQL error at the first statement.
     */
    private static void refuseForeignSchema(Statement s, Path databaseFile, Connection connection)
            throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        boolean ours = tables.isEmpty()
                || (tables.contains("files") && tables.contains("chunks")
                        && columns(s, "files").containsAll(List.of("path", "client_name", "chunk_count"))
                        && columns(s, "chunks").containsAll(List.of("file_id", "idx", "data")));
        if (!ours) {
            connection.close();
            throw new BufferException(databaseFile + " is not an indexedcp buffer (it holds the tables "
                    + String.join(", ", tables) + ": another program's, such as the Python IndexedCP client's);"
                    + " it was left untouched: give another file with --buffer, e.g. --buffer "
                    + databaseFile.resolveSibling("indexedcp-java.db"));
        }
    }

    private static List<String> columns(Statement s, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
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
     * Keeps other writers (other processes, other clients in this one) out of this buffer until the
     * lock is closed, waiting at most {@code wait} for one that is in; see {@link BufferLock}.
     *
     * @throws BufferBusyException if another writer still holds it after {@code wait}
     */
    public BufferLock lock(Duration wait) {
        return BufferLock.acquire(databaseFile, wait);
    }

    /**
     * Puts a whole file into the buffer, replacing whatever the buffer held for the same path (the
     * same file added again, or a changed one). The file gets a new upload id, unless the buffer
     * already held this content under this path (see {@link #begin}). Each chunk is committed on
     * its own: a crash mid-way leaves a row whose tail is read from the source file by the next
     * flush. If the file cannot be read, or changes while it is read, its row is dropped again.
     *
     * @return the buffered file, all chunks remaining
     */
    public BufferedFile add(Path file, String clientName, int chunkSize, URI serverUrl) {
        BufferedFile started = begin(file, clientName, chunkSize, serverUrl);
        try (FileIntake intake = FileIntake.open(this, started)) {
            while (intake.hasNext()) {
                intake.take();
            }
            intake.finish();
        } catch (RuntimeException e) {
            removeFile(started.id());
            throw e;
        }
        return find(started.id()).orElseThrow();
    }

    /**
     * Starts buffering a file: replaces whatever the buffer held for the same path with a row that
     * has no chunks yet ({@code bufferedChunks} 0); {@link FileIntake} reads the chunks in. The row
     * gets a new upload id unless the buffer held the same file under this path, so that a server
     * that holds some of its chunks is not sent them again: same size, modification time and chunk
     * size, and, if the earlier row had been read in whole, the same SHA-256, which costs one
     * reading of the file here. An earlier row that was never read in whole keeps its id on size
     * and modification time alone (its SHA-256 was never known); should the content differ all
     * the same, the server's whole-file check at completion refuses the upload instead of
     * assembling a mixture.
     */
    public BufferedFile begin(Path file, String clientName, int chunkSize, URI serverUrl) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, was " + chunkSize);
        }
        Path absolute = file.toAbsolutePath().normalize();
        long size;
        Instant modified;
        try {
            if (!Files.exists(absolute)) {
                throw new BufferException("no such file: " + file);
            }
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
        Optional<BufferedFile> previous;
        synchronized (this) {
            previous = query(SELECT_FILES + " WHERE f.path = ?", ps -> ps.setString(1, absolute.toString()))
                    .stream().findFirst();
        }
        String uploadId = previous
                .filter(p -> p.uploadId() != null && p.size() == size
                        && p.modified().toEpochMilli() == modified.toEpochMilli() && p.chunkSize() == chunkSize)
                .filter(p -> p.sha256() == null || p.sha256().equals(FileIntake.sha256Hex(absolute)))
                .map(BufferedFile::uploadId)
                .orElseGet(() -> UUID.randomUUID().toString());
        synchronized (this) {
            return inTransaction(() -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM files WHERE path = ?")) {
                    delete.setString(1, absolute.toString());
                    delete.executeUpdate();
                }
                long id;
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO files (path, client_name, size, mtime_ms, chunk_size, chunk_count, server_url,
                                           added_ms, upload_id, buffered_chunks)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""", Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, absolute.toString());
                    insert.setString(2, clientName);
                    insert.setLong(3, size);
                    insert.setLong(4, modified.toEpochMilli());
                    insert.setInt(5, chunkSize);
                    insert.setInt(6, (int) chunks);
                    insert.setString(7, serverUrl == null ? null : serverUrl.toString());
                    insert.setLong(8, System.currentTimeMillis());
                    insert.setString(9, uploadId);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                return find(id).orElseThrow();
            });
        }
    }

    /**
     * Stores chunk {@code index} (the first {@code length} bytes of {@code data}) and moves the
     * file's read-in mark past it, in one transaction: after a crash, either both are there or
     * neither, and the next run reads the chunk from the source again. Chunks the mark passes
     * without a row (the server already held them) are simply not stored. The same transaction
     * drops the rows of {@code accepted}, chunks the server has accepted since: one commit per
     * chunk instead of two, and the threads that send never wait for the buffer.
     */
    public synchronized void append(long fileId, int index, byte[] data, int length, String contentDigest,
            Collection<Integer> accepted) {
        inTransaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO chunks (file_id, idx, data, digest) VALUES (?, ?, ?, ?)");
                    PreparedStatement mark = connection.prepareStatement(
                            "UPDATE files SET buffered_chunks = ? WHERE id = ?")) {
                deleteChunks(fileId, accepted);
                insert.setLong(1, fileId);
                insert.setInt(2, index);
                insert.setBytes(3, length == data.length ? data : Arrays.copyOf(data, length));
                insert.setString(4, contentDigest);
                insert.executeUpdate();
                mark.setInt(1, index + 1);
                mark.setLong(2, fileId);
                mark.executeUpdate();
            }
            return null;
        });
    }

    /** Servers have accepted these chunks: they leave the buffer, in one transaction. */
    public synchronized void removeChunks(long fileId, Collection<Integer> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            deleteChunks(fileId, accepted);
            return null;
        });
    }

    private void deleteChunks(long fileId, Collection<Integer> indexes) throws SQLException {
        if (indexes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM chunks WHERE file_id = ? AND idx = ?")) {
            for (int index : indexes) {
                ps.setLong(1, fileId);
                ps.setInt(2, index);
                ps.executeUpdate();
            }
        }
    }

    /** The whole file has been read in: its SHA-256 is stored and the mark set past the last chunk. */
    public synchronized void finishBuffering(long fileId, String sha256) {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE files SET sha256 = ?, buffered_chunks = chunk_count WHERE id = ?")) {
            ps.setString(1, sha256);
            ps.setLong(2, fileId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("store the SHA-256 of file " + fileId, e);
        }
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

    /**
     * The indexes of the chunk rows still waiting, ascending: chunks read in and not yet accepted.
     * Chunks from {@link BufferedFile#bufferedChunks()} on have not been read in yet.
     */
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
            // With a WAL the file shrinks only when the vacuum is checkpointed into it; TRUNCATE empties the WAL too.
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
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
                            rs.getString(12), rs.getInt(13)));
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
