package io.indexedcp.server.entity;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads of the tracking database through JPA: status, listing, candidates for expiry and start-up
 * recovery, the orphan sweep. Each public method is one short
 * transaction of its own. Every change of an upload is {@link ChunkLedger}'s, under the row lock.
 *
 * <p>The data source is {@link TrackingDataSource}, which connects to the database {@code
 * INDEXEDCP_DB_URL} names (SQLite in the output directory by default). The statement cache (Payara's pool property) keeps each connection's prepared statements:
 * SQLite's statement compilation was a visible share of every chunk's cost without it. Its type is
 * set to blank because Payara reads a missing type as the class name "null" (payara/Payara#6647).
 */
@DataSourceDefinition(
        name = TrackingRepository.DATA_SOURCE,
        className = "io.indexedcp.server.entity.TrackingDataSource",
        minPoolSize = 1,
        maxPoolSize = 32,
        properties = {"fish.payara.statement-cache-size=64", "fish.payara.statement-cache-type= "})
@ApplicationScoped
@Transactional
public class TrackingRepository {

    public static final String DATA_SOURCE = "java:app/jdbc/indexedcp-tracking";


    @PersistenceContext(unitName = "tracking")
    EntityManager em;

    /** Who an upload is and where its bytes are assembled; used when its first chunk creates it. */
    public record UploadIdentity(String uploadKey, String fileName, String clientUploadId, String assembledAs,
            String owner) {
    }

    /** Uploads not complete (receiving, being completed or published), for the start-up check of their files. */
    public List<Upload> unfinishedUploads() {
        return em.createQuery("SELECT u FROM Upload u WHERE u.state IS NULL OR u.state <> :complete", Upload.class)
                .setParameter("complete", Upload.COMPLETE)
                .getResultList();
    }

    public Optional<Upload> findUploadByKey(String uploadKey) {
        return em.createQuery("SELECT u FROM Upload u WHERE u.uploadKey = :key", Upload.class)
                .setParameter("key", uploadKey)
                .getResultStream()
                .findFirst();
    }

    /** Indexes of the recorded chunks of an upload from {@code fromIndex} on, ascending. */
    public List<Integer> receivedChunkIndexesFrom(long uploadId, int fromIndex) {
        return em.createQuery("""
                SELECT c.chunkIndex FROM ReceivedChunk c
                WHERE c.uploadId = :upload AND c.chunkIndex >= :from ORDER BY c.chunkIndex""", Integer.class)
                .setParameter("upload", uploadId)
                .setParameter("from", fromIndex)
                .getResultList();
    }

    /** Every recorded chunk of an upload, ascending: for digests in status and for clean-up. */
    public List<ReceivedChunk> chunks(long uploadId) {
        return em.createQuery("""
                SELECT c FROM ReceivedChunk c WHERE c.uploadId = :upload ORDER BY c.chunkIndex""", ReceivedChunk.class)
                .setParameter("upload", uploadId)
                .getResultList();
    }

    /** Unfinished uploads with no activity since {@code cutoff}. */
    public List<Upload> idleSince(Instant cutoff) {
        return em.createQuery("""
                SELECT u FROM Upload u WHERE (u.state IS NULL OR u.state <> :complete) AND u.lastActivity < :cutoff""",
                Upload.class)
                .setParameter("complete", Upload.COMPLETE)
                .setParameter("cutoff", cutoff)
                .getResultList();
    }

    /** Whether a file of the staging area is still referenced, as a staged chunk or as an assembly. */
    public boolean isReferenced(String stagingFileName, String assembledAs) {
        return em.createQuery("SELECT COUNT(c) FROM ReceivedChunk c WHERE c.stagedAs = :name", Long.class)
                .setParameter("name", stagingFileName).getSingleResult() > 0
                || em.createQuery("SELECT COUNT(u) FROM Upload u WHERE u.assembledAs = :path", Long.class)
                .setParameter("path", assembledAs).getSingleResult() > 0;
    }

    /** A line of the upload listing: the upload and what it holds in received chunks. */
    public record UploadTotals(Upload upload, long chunks, long bytes) {
    }

    /**
     * Uploads with the count and size of their recorded chunks, most recently active first: of one
     * owner or (null) of all, of one stored name or (null) of all.
     */
    public List<UploadTotals> listUploads(String owner, String fileName, int limit) {
        List<String> conditions = new ArrayList<>();
        if (owner != null) {
            conditions.add("u.owner = :owner");
        }
        if (fileName != null) {
            conditions.add("u.fileName = :name");
        }
        TypedQuery<Object[]> query = em.createQuery(LISTING.formatted(
                conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions)), Object[].class);
        if (owner != null) {
            query.setParameter("owner", owner);
        }
        if (fileName != null) {
            query.setParameter("name", fileName);
        }
        return totals(query, limit);
    }

    private static final String LISTING = """
            SELECT u, COUNT(c), COALESCE(SUM(c.size), 0) FROM Upload u
            LEFT JOIN ReceivedChunk c ON c.uploadId = u.id
            %s GROUP BY u ORDER BY u.lastActivity DESC""";

    private static List<UploadTotals> totals(TypedQuery<Object[]> query, int limit) {
        return query.setMaxResults(limit)
                .getResultStream()
                .map(row -> new UploadTotals((Upload) row[0], ((Number) row[1]).longValue(),
                        ((Number) row[2]).longValue()))
                .toList();
    }

    /**
     * What {@code owner} holds, for its quota: the sizes of its completed uploads' files plus the
     * chunks its unfinished uploads hold (placed into their files or waiting in staging).
     */
    public long storedBytes(String owner) {
        Number completed = em.createQuery("""
                SELECT COALESCE(SUM(u.totalSize), 0) FROM Upload u WHERE u.owner = :owner AND u.state = :complete""",
                Number.class)
                .setParameter("owner", owner)
                .setParameter("complete", Upload.COMPLETE)
                .getSingleResult();
        Number unfinished = em.createQuery("""
                SELECT COALESCE(SUM(c.size), 0) FROM ReceivedChunk c, Upload u
                WHERE c.uploadId = u.id AND u.owner = :owner AND (u.state IS NULL OR u.state <> :complete)""",
                Number.class)
                .setParameter("owner", owner)
                .setParameter("complete", Upload.COMPLETE)
                .getSingleResult();
        return (completed == null ? 0 : completed.longValue()) + (unfinished == null ? 0 : unfinished.longValue());
    }

    /** How many v2 uploads (with a client's upload id) of {@code owner} are not complete. */
    public long uploadsInProgress(String owner) {
        return em.createQuery("""
                SELECT COUNT(u) FROM Upload u
                WHERE u.owner = :owner AND u.clientUploadId IS NOT NULL AND (u.state IS NULL OR u.state <> :complete)""",
                Long.class)
                .setParameter("owner", owner)
                .setParameter("complete", Upload.COMPLETE)
                .getSingleResult();
    }

    /** Whether the upload holds its chunk {@code chunkIndex}: placed (a completed upload's too) or recorded. */
    public boolean holdsChunk(String uploadKey, int chunkIndex) {
        return em.createQuery("""
                SELECT COUNT(u) FROM Upload u WHERE u.uploadKey = :key AND (u.placedChunks > :index
                OR EXISTS (SELECT c.id FROM ReceivedChunk c WHERE c.uploadId = u.id AND c.chunkIndex = :index))""",
                Long.class)
                .setParameter("key", uploadKey)
                .setParameter("index", chunkIndex)
                .getSingleResult() > 0;
    }

    /** Whether the upload's next chunk to place is recorded (waiting in staging); false when the upload is gone. */
    public boolean hasPlaceableChunk(long uploadId) {
        return !em.createQuery("SELECT u.id FROM Upload u WHERE u.id = :id AND " + NEXT_CHUNK_RECORDED, Long.class)
                .setParameter("id", uploadId)
                .getResultList()
                .isEmpty();
    }

    private static final String NEXT_CHUNK_RECORDED = """
            EXISTS (SELECT c.id FROM ReceivedChunk c WHERE c.uploadId = u.id AND c.chunkIndex = u.placedChunks)""";

    /**
     * Makes sure the schema is in place before anything else runs. The migrations
     * ({@link SchemaMigrations}, unique indexes included) ran when the data source handed out its
     * first connection; this round trip is what makes the first connection happen at start-up.
     */
    public void migrateSchema() {
        countUploads();
    }

    /** A round trip to the database, for the health check. */
    public long countUploads() {
        return em.createQuery("SELECT COUNT(u) FROM Upload u", Long.class).getSingleResult();
    }
}
