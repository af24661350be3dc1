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
 * The statements of the write path — lock an upload's row, read the chunks waiting beyond its
 * placed prefix, record chunks, move the prefix — on the tables that {@link Upload} and {@link
 * ReceivedChunk} map, in plain JDBC. They run for every chunk received, and profiles of the
 * benchmark showed JPA's query machinery costing more CPU per chunk than the rest of the request;
 * here each is a prepared statement. Everything else (status, completion, listing, removal) stays
 * in {@link TrackingRepository}.
 *
 * <p>Every method joins the caller's transaction: the container hands the same physical
 * connection to every use of the data source within one transaction, so these statements and
 * JPA's commit or roll back together. As in {@link TrackingRepository}, the first statement of a
 * writing transaction must be a write (SQLite cannot upgrade a reader once another connection
 * wrote); {@link #lock} is that write.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ChunkLedger {

    @Resource(lookup = TrackingRepository.DATA_SOURCE)
    DataSource dataSource;

    /** What the write path needs of a locked upload row; rows from before protocol v2 assembled into the file itself. */
    public record LockedUpload(long id, String assembledAs, boolean complete, int placedChunks, long placedBytes) {
    }

    /** A recorded chunk beyond the placed prefix, waiting in staging. */
    public record WaitingChunk(int index, long size, String stagedAs) {
    }

    /**
     * Locks the upload's row for the rest of the transaction (a write to it: SQLite's write lock,
     * PostgreSQL's row lock) and returns its state; null when no upload has that key.
     */
    public LockedUpload lock(String uploadKey, Instant now) {
        return lock("upload_key", uploadKey, now);
    }

    /** {@link #lock(String, Instant)} by the upload's id. */
    public LockedUpload lock(long uploadId, Instant now) {
        return lock("id", uploadId, now);
    }

    private LockedUpload lock(String column, Object key, Instant now) {
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement touch = db.prepareStatement(
                    "UPDATE upload SET last_activity = ? WHERE " + column + " = ?")) {
                touch.setLong(1, now.toEpochMilli());
                touch.setObject(2, key);
                if (touch.executeUpdate() == 0) {
                    return null;
                }
            }
            try (PreparedStatement read = db.prepareStatement(
                    "SELECT id, COALESCE(assembled_as, file_name), state, placed_chunks, placed_bytes FROM upload WHERE "
                            + column + " = ?")) {
                read.setObject(1, key);
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    return new LockedUpload(row.getLong(1), row.getString(2), Upload.COMPLETE.equals(row.getString(3)),
                            row.getInt(4), row.getLong(5));
                }
            }
        } catch (SQLException e) {
            throw new TrackingException("cannot lock upload " + key, e);
        }
    }

    /** Creates the upload unless one with its key exists (then nothing happens). */
    public void create(UploadIdentity identity, Instant now) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO upload (upload_key, file_name, client_upload_id, assembled_as, state,
                                            placed_chunks, placed_bytes, created_at, last_activity)
                        VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)
                        ON CONFLICT DO NOTHING""")) {
            insert.setString(1, identity.uploadKey());
            insert.setString(2, identity.fileName());
            insert.setString(3, identity.clientUploadId());
            insert.setString(4, identity.assembledAs());
            insert.setString(5, Upload.RECEIVING);
            insert.setLong(6, now.toEpochMilli());
            insert.setLong(7, now.toEpochMilli());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new TrackingException("cannot create upload " + identity.uploadKey(), e);
        }
    }

    /** Recorded chunks with an index of at least {@code fromIndex}, ascending, at most {@code limit}. */
    public List<WaitingChunk> chunksFrom(long uploadId, int fromIndex, int limit) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement("""
                        SELECT chunk_index, size_bytes, staged_as FROM received_chunk
                        WHERE upload_id = ? AND chunk_index >= ? ORDER BY chunk_index LIMIT ?""")) {
            query.setLong(1, uploadId);
            query.setInt(2, fromIndex);
            query.setInt(3, limit);
            List<WaitingChunk> chunks = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    chunks.add(new WaitingChunk(row.getInt(1), row.getLong(2), row.getString(3)));
                }
            }
            return chunks;
        } catch (SQLException e) {
            throw new TrackingException("cannot read the chunks of upload " + uploadId, e);
        }
    }

    /**
     * Records a chunk unless one exists for that upload and index (the unique index decides, not a
     * lock in this JVM); true when this call recorded it.
     */
    public boolean record(long uploadId, int chunkIndex, long size, String sha256, String stagedAs, Instant now) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO received_chunk (upload_id, chunk_index, size_bytes, sha256, staged_as, received_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")) {
            insert.setLong(1, uploadId);
            insert.setInt(2, chunkIndex);
            insert.setLong(3, size);
            insert.setString(4, sha256);
            insert.setString(5, stagedAs);
            insert.setLong(6, now.toEpochMilli());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TrackingException("cannot record chunk " + chunkIndex + " of upload " + uploadId, e);
        }
    }

    /**
     * Moves the placed prefix forward if nobody has moved it since it was read (compare-and-set);
     * returns whether this call moved it.
     */
    public boolean advance(long uploadId, int expectedChunks, int newChunks, long newBytes, Instant now) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement update = db.prepareStatement("""
                        UPDATE upload SET placed_chunks = ?, placed_bytes = ?, last_activity = ?
                        WHERE id = ? AND placed_chunks = ?""")) {
            update.setInt(1, newChunks);
            update.setLong(2, newBytes);
            update.setLong(3, now.toEpochMilli());
            update.setLong(4, uploadId);
            update.setInt(5, expectedChunks);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TrackingException("cannot move the placed prefix of upload " + uploadId, e);
        }
    }
}
