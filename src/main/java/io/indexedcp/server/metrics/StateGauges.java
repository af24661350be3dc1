package io.indexedcp.server.metrics;

import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.entity.Upload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gauges read at every scrape from the tracking database and the output volume: several nodes
 * share one database, so a counter kept in one JVM would drift from what is really in progress.
 * A value that cannot be read is NaN (the scrape still answers; the cause goes to the log at FINE).
 */
@ApplicationScoped
public class StateGauges {

    private static final Logger LOG = Logger.getLogger(StateGauges.class.getName());

    @PersistenceContext(unitName = "tracking")
    EntityManager em;

    @Inject
    UploadMetrics metrics;

    @Inject
    ServerSettings settings;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        gauge("uploads.in.progress", "Uploads not yet complete (all nodes)", false, this::inProgress);
        gauge("staging", "Bytes of chunks waiting in staging for the chunks before them (all nodes)",
                true, this::stagingBytes);
        gauge("output.free", "Usable space on the output volume", true, this::freeBytes);
    }

    private void gauge(String name, String description, boolean bytes, Supplier<Number> reading) {
        metrics.gauge(name, description, bytes, () -> readOrNaN(name, reading));
    }

    private static Number readOrNaN(String name, Supplier<Number> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "gauge " + name + " cannot be read", e);
            return Double.NaN;
        }
    }

    long inProgress() {
        return em.createQuery("SELECT COUNT(u) FROM Upload u WHERE u.state <> :complete", Long.class)
                .setParameter("complete", Upload.COMPLETE).getSingleResult();
    }

    /** Chunks recorded beyond their upload's placed prefix wait in staging; placed ones are gone from there. */
    long stagingBytes() {
        return em.createQuery("""
                SELECT COALESCE(SUM(c.size), 0) FROM ReceivedChunk c, Upload u
                WHERE c.uploadId = u.id AND c.chunkIndex >= u.placedChunks AND u.state <> :complete""", Long.class)
                .setParameter("complete", Upload.COMPLETE).getSingleResult();
    }

    long freeBytes() {
        try {
            return Files.getFileStore(settings.outputDirectory()).getUsableSpace();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
