package io.indexedcp.server.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything an operator can set. The property names are the environment variable names so that
 * one spelling works everywhere: environment, {@code -D}, {@code --systemproperties} files (read
 * through {@link Configuration}, read once at start). The tracking database's settings are read in
 * {@link io.indexedcp.server.entity.TrackingDatabase}, outside CDI.
 */
@ApplicationScoped
public class ServerSettings {

    public static final String OUTPUT_DIR = "INDEXEDCP_OUTPUT_DIR";
    public static final String MAX_CHUNK_BYTES = "INDEXEDCP_MAX_CHUNK_BYTES";
    public static final String CORS_ORIGINS = "INDEXEDCP_CORS_ORIGINS";
    public static final String MAX_CONCURRENT_WRITES = "INDEXEDCP_MAX_CONCURRENT_WRITES";
    public static final String EXPIRE_AFTER = "INDEXEDCP_EXPIRE_AFTER";
    public static final String EXPIRY_INTERVAL = "INDEXEDCP_EXPIRY_INTERVAL";
    public static final String RECOVER_IDLE_AFTER = "INDEXEDCP_RECOVER_IDLE_AFTER";
    public static final String QUOTA_BYTES = "INDEXEDCP_QUOTA_BYTES";
    public static final String MAX_UPLOADS_IN_PROGRESS = "INDEXEDCP_MAX_UPLOADS_IN_PROGRESS";
    public static final String RATE_LIMIT = "INDEXEDCP_RATE_LIMIT";
    public static final String MIN_FREE_BYTES = "INDEXEDCP_MIN_FREE_BYTES";
    public static final String AUTH_FAILURES_PER_MINUTE = "INDEXEDCP_AUTH_FAILURES_PER_MINUTE";
    public static final String CHUNK_MEMORY_BYTES = "INDEXEDCP_CHUNK_MEMORY_BYTES";
    /** The SQLite tracking database's file name in the output directory, where no INDEXEDCP_DB_URL names another. */
    public static final String TRACKING_DATABASE_FILE = ".indexcp_chunks.db";

    String outputDir;
    long maxChunkBytes;
    List<String> corsOrigins;
    int maxConcurrentWrites;
    /** ISO-8601 duration: unfinished uploads idle longer than this are removed. */
    String expireAfter;
    /** ISO-8601 duration: how often the expiry job runs. */
    String expiryInterval;
    /**
     * ISO-8601 duration: recovery repairs only uploads idle this long (unset: the database's
     * default, see {@code StartupRecovery}).
     */
    Optional<String> recoverIdleAfter;
    /** Bytes each principal may have stored plus in progress; empty: no limit. */
    Optional<Long> quotaBytes;
    /** Unfinished (v2) uploads each principal may have at once; empty: no limit. */
    Optional<Long> maxUploadsInProgress;
    /** Requests per second each principal may send (per node); empty: no limit. */
    Optional<Double> rateLimit;
    /** Free space the output volume keeps: a chunk that would leave less is refused; 0: no check. */
    long minFreeBytes;
    /** Failed authentications from one address per minute (per node) before it gets 429s; 0: no limit. */
    long authFailuresPerMinute;
    /** Memory for chunk bodies waiting for their commit (see {@code ChunkBodies}); 0: every body to staging. */
    long chunkMemoryBytes;

    @PostConstruct
    void read() {
        outputDir = Configuration.value(OUTPUT_DIR, "./uploads");
        maxChunkBytes = Configuration.number(MAX_CHUNK_BYTES, 67_108_864);
        corsOrigins = Configuration.list(CORS_ORIGINS, "*");
        maxConcurrentWrites = (int) Configuration.number(MAX_CONCURRENT_WRITES, 32);
        expireAfter = Configuration.value(EXPIRE_AFTER, "P7D");
        expiryInterval = Configuration.value(EXPIRY_INTERVAL, "PT10M");
        recoverIdleAfter = Configuration.value(RECOVER_IDLE_AFTER);
        quotaBytes = Configuration.size(QUOTA_BYTES);
        maxUploadsInProgress = Configuration.value(MAX_UPLOADS_IN_PROGRESS).map(String::strip).map(Long::parseLong);
        rateLimit = Configuration.decimal(RATE_LIMIT).filter(rate -> rate > 0);
        minFreeBytes = Configuration.size(MIN_FREE_BYTES).orElse(0L);
        authFailuresPerMinute = Configuration.number(AUTH_FAILURES_PER_MINUTE, 20);
        chunkMemoryBytes = Configuration.size(CHUNK_MEMORY_BYTES).orElse(32L * 1024 * 1024);
    }

    public Optional<Duration> recoverIdleAfter() {
        return recoverIdleAfter.map(String::trim).filter(value -> !value.isEmpty()).map(Duration::parse);
    }

    public int maxConcurrentWrites() {
        return Math.max(1, maxConcurrentWrites);
    }

    public Duration expireAfter() {
        return Duration.parse(expireAfter);
    }

    public Duration expiryInterval() {
        return Duration.parse(expiryInterval);
    }

    public Path outputDirectory() {
        return Path.of(outputDir).toAbsolutePath().normalize();
    }

    /** The default SQLite tracking database (not used when INDEXEDCP_DB_URL names a database). */
    public Path trackingDatabaseFile() {
        return outputDirectory().resolve(TRACKING_DATABASE_FILE);
    }

    public long maxChunkBytes() {
        return maxChunkBytes;
    }

    public Optional<Long> quotaBytes() {
        return quotaBytes;
    }

    public Optional<Long> maxUploadsInProgress() {
        return maxUploadsInProgress;
    }

    public Optional<Double> rateLimit() {
        return rateLimit;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    public long chunkMemoryBytes() {
        return Math.max(0, chunkMemoryBytes);
    }

    public long authFailuresPerMinute() {
        return authFailuresPerMinute;
    }

    public List<String> corsOrigins() {
        return corsOrigins;
    }
}
