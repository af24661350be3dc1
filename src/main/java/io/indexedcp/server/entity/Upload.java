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
 * One file being uploaded. {@code placedChunks}/{@code placedBytes} describe the prefix of the
 * file that is already written into the target file: chunks {@code 0..placedChunks-1}, which
 * together are {@code placedBytes} long. Received chunks beyond that prefix wait in staging.
 */
@Entity
@Table(name = "upload")
public class Upload {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** What identifies the upload; for the plain protocol the base file name. */
    @Column(name = "upload_key", nullable = false, length = 1024)
    private String uploadKey;

    /** The base name of the target file in the output directory. */
    @Column(name = "file_name", nullable = false, length = 1024)
    private String fileName;

    @Column(name = "placed_chunks", nullable = false)
    private int placedChunks;

    @Column(name = "placed_bytes", nullable = false)
    private long placedBytes;

    @Convert(converter = EpochMillisConverter.class)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Convert(converter = EpochMillisConverter.class)
    @Column(name = "last_activity", nullable = false)
    private Instant lastActivity;

    protected Upload() {
    }

    public Long getId() {
        return id;
    }

    public String getUploadKey() {
        return uploadKey;
    }

    public String getFileName() {
        return fileName;
    }

    public int getPlacedChunks() {
        return placedChunks;
    }

    public long getPlacedBytes() {
        return placedBytes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastActivity() {
        return lastActivity;
    }
}
