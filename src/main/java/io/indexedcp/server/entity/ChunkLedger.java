package io.indexedcp.server.entity;

import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Every statement that changes the tracking tables, in plain JDBC: lock an upload's row, create
 * it, record chunks, move the placed prefix, change its state, delete it. Only {@code
 * io.indexedcp.server.control.UploadTransactions} calls these, always after locking the row in the
 * same transaction. Reads for status and listing stay in {@link TrackingRepository} (JPA).
 *
 * <p>Plain JDBC because the write path runs these for every chunk received, and profiles showed
 * JPA's query machinery costing more CPU per chunk than the rest of the request.
 *
 * <p>Every method joins the caller's transaction: the container hands the same physical
 * connection to every use of the data source within one transaction, so these statements commit
 * or roll back together. The first statement of a writing transaction must be a write (SQLite
 * cannot upgrade a reader once another connection wrote); the lock methods are that write.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ChunkLedger {

    private static final String UPLOAD_COLUMNS = """
            id, upload_key, file_name, client_upload_id, COALESCE(assembled_as, file_name), state,
            placed_chunks, placed_bytes, total_size, sha256, last_activity,
            COALESCE(synced_chunks, placed_chunks), COALESCE(synced_bytes, placed_bytes), verifying_until""";

    @Resource(lookup = TrackingRepository.DATA_SOURCE)
    DataSource dataSource;

    /**
     * An upload row as read under its lock. Rows from before protocol v2 have no assembly name
     * (they assembled into the file itself) and possibly no state (receiving). The file is known
     * durable up to {@code syncedChunks}/{@code syncedBytes}; the placed chunks after that have
     * their bytes in their rows ({@link #unsyncedChunks}).
     */
    public record LockedUpload(long id, String uploadKey, String fileName, String clientUploadId, String assembledAs,
            String state, int placedChunks, long placedBytes, Long totalSize, String sha256, Instant lastActivity,
            int syncedChunks, long syncedBytes, Instant verifyingUntil) {

        /** Whether placed chunks wait for a sync of the file, their bytes in their rows. */
        public boolean hasUnsyncedChunks() {
            return syncedChunks < placedChunks;
        }

        public boolean is(String expected) {
            return expected.equals(state);
        }

        /** Receiving or being verified: chunks and bytes may still change, the file is not published. */
        public boolean unfinished() {
            return is(Upload.RECEIVING) || is(Upload.COMPLETING);
        }

        public boolean plain() {
            return clientUploadId == null;
        }

        /** Whether a completion is hashing its file at {@code now}: being verified, with a lease not run out. */
        public boolean beingVerified(Instant now) {
            return is(Upload.COMPLETING) && verifyingUntil != null && verifyingUntil.isAfter(now);
        }
    }

    /** A placed chunk whose bytes are kept in its row until the file is synced. */
    public record UnsyncedChunk(int index, byte[] bytes) {
    }

    /** A recorded chunk: its index, size and where its bytes wait ({@link #PLACED_DIRECTLY} when they never did). */
    public record RecordedChunk(int index, long size, String stagedAs) {
    }

    /** The {@code staged_as} of a chunk written straight into the file, never waiting in staging. */
    public static final String PLACED_DIRECTLY = "-";

    /**
     * Locks the upload's row for the rest of the transaction and marks it active now: what a chunk
     * does. Null when no upload has that key.
     */
    public LockedUpload lockActive(String uploadKey, Instant now) {
        return lock("last_activity = ?", now.toEpochMilli(), "upload_key", uploadKey, null, null);
    }

    /** Locks the upload's row without touching it (recovery, expiry and removal must not look like activity). */
    public LockedUpload lock(String uploadKey) {
        return lock(UNCHANGED, null, "upload_key", uploadKey, null, null);
    }

    /** {@link #lock(String)} by the upload's id. */
    public LockedUpload lock(long uploadId) {
        return lock(UNCHANGED, null, "id", uploadId, null, null);
    }

    /**
     * Locks the upload's row only if it has been idle since {@code idleBefore}: null when it is gone
     * or was active since. Start-up recovery with several nodes: an upload another node is writing
     * is that node's, and the condition is checked in the same statement that takes the lock.
     */
    public LockedUpload lockIdle(long uploadId, Instant idleBefore) {
        return lock(UNCHANGED, null, "id", uploadId, "last_activity < ?", idleBefore.toEpochMilli());
    }

    private static final String UNCHANGED = "placed_chunks = placed_chunks";

    /**
     * The lock is a write to the row: SQLite's database write lock, PostgreSQL's row lock; both
     * databases understand it, and on SQLite it is the write a writing transaction must begin with.
     * The row comes back from the same statement ({@code RETURNING}): one round trip per lock.
     */
    private LockedUpload lock(String assignment, Object assigned, String column, Object key, String condition,
            Object conditionValue) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement touch = db.prepareStatement("UPDATE upload SET " + assignment + " WHERE " + column
                        + " = ?" + (condition == null ? "" : " AND " + condition) + " RETURNING " + UPLOAD_COLUMNS)) {
            int parameter = 1;
            if (assigned != null) {
                touch.setObject(parameter++, assigned);
            }
            touch.setObject(parameter++, key);
            if (condition != null) {
                touch.setObject(parameter, conditionValue);
            }
            try (ResultSet row = touch.executeQuery()) {
                return row.next() ? upload(row) : null;
            }
        } catch (SQLException e) {
            throw new TrackingException("cannot lock upload " + key, e);
        }
    }

    private static LockedUpload upload(ResultSet row) throws SQLException {
        long totalSize = row.getLong(9);
        Long total = row.wasNull() ? null : totalSize;
        String state = row.getString(6);
        return new LockedUpload(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), state == null ? Upload.RECEIVING : state, row.getInt(7), row.getLong(8), total,
                row.getString(10), Instant.ofEpochMilli(row.getLong(11)), row.getInt(12), row.getLong(13),
                instantOrNull(row, 14));
    }

    private static Instant instantOrNull(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** Creates the upload unless one with its key exists (then nothing happens); true when this call created it. */
    public boolean create(UploadIdentity identity, Instant now) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO upload (upload_key, file_name, client_upload_id, assembled_as, state,
                                            placed_chunks, placed_bytes, created_at, last_activity, owner)
                        VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")) {
            insert.setString(1, identity.uploadKey());
            insert.setString(2, identity.fileName());
            insert.setString(3, identity.clientUploadId());
            insert.setString(4, identity.assembledAs());
            insert.setString(5, Upload.RECEIVING);
            insert.setLong(6, now.toEpochMilli());
            insert.setLong(7, now.toEpochMilli());
            insert.setString(8, identity.owner());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TrackingException("cannot create upload " + identity.uploadKey(), e);
        }
    }

    /** Recorded chunks with an index of at least {@code fromIndex}, ascending, at most {@code limit}. */
    public List<RecordedChunk> chunksFrom(long uploadId, int fromIndex, int limit) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("""
                        SELECT chunk_index, size_bytes, staged_as FROM received_chunk
                        WHERE upload_id = ? AND chunk_index >= ? ORDER BY chunk_index LIMIT ?""")) {
            query.setLong(1, uploadId);
            query.setInt(2, fromIndex);
            query.setInt(3, limit);
            List<RecordedChunk> chunks = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    chunks.add(new RecordedChunk(row.getInt(1), row.getLong(2), row.getString(3)));
                }
            }
            return chunks;
        } catch (SQLException e) {
            throw new TrackingException("cannot read the chunks of upload " + uploadId, e);
        }
    }

    /** Number of recorded chunks of an upload. */
    public long countChunks(long uploadId) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("SELECT COUNT(*) FROM received_chunk WHERE upload_id = ?")) {
            query.setLong(1, uploadId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new TrackingException("cannot count the chunks of upload " + uploadId, e);
        }
    }

    /**
     * Records a chunk unless one exists for that upload and index (the unique index decides, not a
     * lock in this JVM); true when this call recorded it.
     */
    public boolean record(long uploadId, int chunkIndex, long size, String sha256, String stagedAs, Instant now) {
        return record(uploadId, chunkIndex, size, sha256, stagedAs, null, now);
    }

    /**
     * {@link #record(long, int, long, String, String, Instant)} of a chunk placed without a sync of
     * its file: its bytes, {@code unsyncedBytes}, are kept in the row until the file is synced.
     */
    public boolean record(long uploadId, int chunkIndex, long size, String sha256, String stagedAs,
            byte[] unsyncedBytes, Instant now) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO received_chunk (upload_id, chunk_index, size_bytes, sha256, staged_as, received_at,
                                                    unsynced_bytes)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")) {
            insert.setLong(1, uploadId);
            insert.setInt(2, chunkIndex);
            insert.setLong(3, size);
            insert.setString(4, sha256);
            insert.setString(5, stagedAs);
            insert.setLong(6, now.toEpochMilli());
            insert.setBytes(7, unsyncedBytes);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TrackingException("cannot record chunk " + chunkIndex + " of upload " + uploadId, e);
        }
    }

    /** The chunks from {@code fromIndex} to before {@code toIndex} that keep their bytes, ascending. */
    public List<UnsyncedChunk> unsyncedChunks(long uploadId, int fromIndex, int toIndex) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("""
                        SELECT chunk_index, unsynced_bytes FROM received_chunk
                        WHERE upload_id = ? AND chunk_index >= ? AND chunk_index < ? AND unsynced_bytes IS NOT NULL
                        ORDER BY chunk_index""")) {
            query.setLong(1, uploadId);
            query.setInt(2, fromIndex);
            query.setInt(3, toIndex);
            List<UnsyncedChunk> chunks = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    chunks.add(new UnsyncedChunk(row.getInt(1), row.getBytes(2)));
                }
            }
            return chunks;
        } catch (SQLException e) {
            throw new TrackingException("cannot read the unsynced chunks of upload " + uploadId, e);
        }
    }

    /**
     * The rows from {@code fromIndex} on let go of their bytes: their file is synced. (The placed
     * prefix stays; {@link #setPlaced} with all of it synced says so in the upload's row.)
     */
    public void dropUnsyncedBytes(long uploadId, int fromIndex) {
        update("UPDATE received_chunk SET unsynced_bytes = NULL"
                + " WHERE upload_id = ? AND chunk_index >= ? AND unsynced_bytes IS NOT NULL",
                "let go of synced bytes", uploadId, fromIndex);
    }

    /** Forgets one recorded chunk (start-up repair of a chunk whose bytes are gone). */
    public void forgetChunk(long uploadId, int chunkIndex) {
        update("DELETE FROM received_chunk WHERE upload_id = ? AND chunk_index = ?", "forget chunk " + chunkIndex,
                uploadId, chunkIndex);
    }

    /**
     * Moves the placed prefix to {@code chunks}/{@code bytes}, the file known durable up to
     * {@code syncedChunks}/{@code syncedBytes}; the caller holds the row lock.
     */
    public void setPlaced(long uploadId, int chunks, long bytes, int syncedChunks, long syncedBytes) {
        boolean allSynced = syncedChunks == chunks;
        update("UPDATE upload SET placed_chunks = ?, placed_bytes = ?, synced_chunks = ?, synced_bytes = ? WHERE id = ?",
                "move the placed prefix", chunks, bytes, allSynced ? null : syncedChunks,
                allSynced ? null : syncedBytes, uploadId);
    }

    /** Sets the state, with the declared size and digest while completing (null otherwise until complete). */
    public void setState(long uploadId, String state, Long totalSize, String sha256) {
        update("UPDATE upload SET state = ?, total_size = ?, sha256 = ? WHERE id = ?", "set the state",
                state, totalSize, sha256, uploadId);
    }

    /** Moves the upload to completing with the declared size and digest, leased to the caller until {@code until}. */
    public void beginVerification(long uploadId, long totalSize, String sha256, Instant until) {
        update("UPDATE upload SET state = ?, total_size = ?, sha256 = ?, verifying_until = ? WHERE id = ?",
                "begin the verification", Upload.COMPLETING, totalSize, sha256, until.toEpochMilli(), uploadId);
    }

    /** Extends the lease of a verification under way; nothing once the upload has left completing. */
    public void renewVerification(long uploadId, Instant until) {
        update("UPDATE upload SET verifying_until = ? WHERE id = ? AND state = ?", "renew the verification",
                until.toEpochMilli(), uploadId, Upload.COMPLETING);
    }

    /**
     * Marks the upload complete and drops its per-chunk rows, which are no longer needed: the
     * upload row is the summary.
     */
    public void markComplete(long uploadId, Instant now) {
        update("UPDATE upload SET state = ?, last_activity = ? WHERE id = ?", "mark complete",
                Upload.COMPLETE, now.toEpochMilli(), uploadId);
        update("DELETE FROM received_chunk WHERE upload_id = ?", "drop the chunk rows", uploadId);
    }

    /** Forgets an upload and its chunks entirely. */
    public void delete(long uploadId) {
        update("DELETE FROM received_chunk WHERE upload_id = ?", "delete the chunk rows", uploadId);
        update("DELETE FROM upload WHERE id = ?", "delete the upload", uploadId);
    }

    /**
     * Forgets the completed uploads published under {@code fileName}: the file they describe is
     * being replaced by another upload of that name.
     */
    public void forgetCompletedNamed(String fileName) {
        update("DELETE FROM upload WHERE file_name = ? AND state = ?", "forget completed uploads of " + fileName,
                fileName, Upload.COMPLETE);
    }

    private void update(String sql, String what, Object... parameters) {
        try (Connection db = dataSource.getConnection(); PreparedStatement update = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new TrackingException("cannot " + what, e);
        }
    }
}
