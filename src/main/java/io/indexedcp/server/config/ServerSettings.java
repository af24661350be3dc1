package io.indexedcp.server.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Everything an operator can set. The property names are the environment variable names so that
 * one spelling works everywhere: environment, {@code -D}, {@code --systemproperties} files. The
 * tracking database's settings are read in {@link io.indexedcp.server.entity.TrackingDatabase},
 * outside CDI.
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
    /** The SQLite tracking database's file name in the output directory, where no INDEXEDCP_DB_URL names another. */
    public static final String TRACKING_DATABASE_FILE = ".indexcp_chunks.db";

    @Inject
    @ConfigProperty(name = OUTPUT_DIR, defaultValue = "./uploads")
    String outputDir;

    @Inject
    @ConfigProperty(name = MAX_CHUNK_BYTES, defaultValue = "67108864")
    long maxChunkBytes;

    @Inject
    @ConfigProperty(name = CORS_ORIGINS, defaultValue = "*")
    List<String> corsOrigins;

    @Inject
    @ConfigProperty(name = MAX_CONCURRENT_WRITES, defaultValue = "32")
    int maxConcurrentWrites;

    /** ISO-8601 duration: unfinished uploads idle longer than this are removed. */
    @Inject
    @ConfigProperty(name = EXPIRE_AFTER, defaultValue = "P7D")
    String expireAfter;

    /** ISO-8601 duration: how often the expiry job runs. */
    @Inject
    @ConfigProperty(name = EXPIRY_INTERVAL, defaultValue = "PT10M")
    String expiryInterval;

    /**
     * ISO-8601 duration: recovery repairs only uploads idle this long (unset: the database's
     * default, see {@code StartupRecovery}).
     */
    @Inject
    @ConfigProperty(name = RECOVER_IDLE_AFTER)
    Optional<String> recoverIdleAfter;

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

    public List<String> corsOrigins() {
        return corsOrigins;
    }
}
