package io.indexedcp.server.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A chunk the server holds. A row is committed only once every byte of the chunk is durably on
 * disk: beyond the upload's placed prefix it waits in staging under {@code stagedAs}; within the
 * prefix it is in the target file, and {@code stagedAs} is then {@code -} (written there straight
 * away) or the name of the staging file it was placed from and which is gone. The unique index on
 * (upload, index) is what makes a duplicate — from a retry, another connection or another server
 * instance — detectable.
 */
@Entity
@Table(name = "received_chunk")
public class ReceivedChunk {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "upload_id", nullable = false)
    private long uploadId;

    @Column(name = "chunk_index", nullable = false)
    private int chunkIndex;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    /** Hex SHA-256 of the chunk's bytes, computed while they streamed in. */
    @Column(name = "sha256", nullable = false, length = 64)
    private String sha256;

    /** Name of the staging file holding the bytes until they are placed into the target file; see the class. */
    @Column(name = "staged_as", nullable = false, length = 64)
    private String stagedAs;

    @Convert(converter = EpochMillisConverter.class)
    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected ReceivedChunk() {
    }

    public Long getId() {
        return id;
    }

    public long getUploadId() {
        return uploadId;
    }

    public int getChunkIndex() {
        return chunkIndex;
    }

    public long getSize() {
        return size;
    }

    public String getSha256() {
        return sha256;
    }

    public String getStagedAs() {
        return stagedAs;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }
}
