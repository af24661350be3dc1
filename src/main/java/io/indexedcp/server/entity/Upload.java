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

    /** The client's id for this upload (protocol v2); null for the plain protocol. */
    @Column(name = "client_upload_id", length = 128)
    private String clientUploadId;

    /**
     * Where the bytes are assembled, relative to the output directory: the target file itself for
     * the plain protocol, a temporary file in staging for v2 uploads until they are completed.
     */
    @Column(name = "assembled_as", length = 1024)
    private String assembledAs;

    /** The caller that started it (its principal name); {@code default} for the key of INDEXEDCP_API_KEY. */
    @Column(name = "owner", nullable = false, length = 64)
    private String owner;

    @Column(name = "state", length = 16)
    private String state;

    /** The whole file's size and SHA-256 (hex), known once the upload is complete. */
    @Column(name = "total_size")
    private Long totalSize;

    @Column(name = "sha256", length = 64)
    private String sha256;

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

    /** Taking chunks. */
    public static final String RECEIVING = "receiving";
    /** A completion is verifying the assembled file: no chunk beyond the placed prefix is taken. */
    public static final String COMPLETING = "completing";
    /** Verified and decided: the assembled file is being renamed into place (start-up finishes it after a crash). */
    public static final String PUBLISHING = "publishing";
    /** Published under its name; the row is the summary, the chunk rows are gone. */
    public static final String COMPLETE = "complete";

    protected Upload() {
    }

    public String getClientUploadId() {
        return clientUploadId;
    }

    /** Rows from before protocol v2 have no value: they assembled into the target file. */
    public String getAssembledAs() {
        return assembledAs == null ? fileName : assembledAs;
    }

    public boolean isComplete() {
        return COMPLETE.equals(state);
    }

    public String getState() {
        return state == null ? RECEIVING : state;
    }

    public Long getTotalSize() {
        return totalSize;
    }

    public String getSha256() {
        return sha256;
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

    public String getOwner() {
        return owner;
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
