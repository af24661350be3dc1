package io.indexedcp.server.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The counters, histogram and timers of this server instance, in the application registry. Names
 * are chosen so that the Prometheus text reads {@code indexedcp_…_total}, {@code …_bytes_total},
 * {@code …_seconds}: MicroProfile Metrics appends {@code _total} to counters and the unit to the rest.
 * What every node shares (uploads in progress, bytes in staging) is a gauge, see {@link StateGauges}.
 */
@ApplicationScoped
public class UploadMetrics {

    static final String PREFIX = "indexedcp.";
    static final String REFUSED = PREFIX + "requests.refused";

    private static final Timer.Context NOT_TIMED = new Timer.Context() {
        @Override
        public long stop() {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    @Inject
    MetricRegistry registry;

    private Counter chunks;
    private Counter bytes;
    private Counter duplicates;
    private Counter started;
    private Counter completed;
    private Counter cancelled;
    private Counter expired;
    private Counter expiryRuns;
    private Counter hookDelivered;
    private Counter hookFailed;
    private Histogram batchSize;
    private Timer commitTime;
    private Timer statusTime;

    /** Counts nothing: for the unit tests that wire the services by hand, without a container. */
    public static UploadMetrics unregistered() {
        return new UploadMetrics();
    }

    @PostConstruct
    void register() {
        chunks = counter("chunks.received", "Chunks stored (duplicates not included)", MetricUnits.NONE);
        // The unit goes into the name by hand: Payara appends no unit to a counter's name.
        bytes = counter("received.bytes", "Bytes of the chunks stored", MetricUnits.NONE);
        duplicates = counter("chunks.duplicate", "Chunks received again and skipped", MetricUnits.NONE);
        started = counter("uploads.started", "Uploads whose first chunk was stored", MetricUnits.NONE);
        completed = counter("uploads.completed", "v2 uploads verified and published", MetricUnits.NONE);
        cancelled = counter("uploads.cancelled", "Unfinished uploads cancelled by a client", MetricUnits.NONE);
        expired = counter("uploads.expired", "Unfinished uploads removed for being idle", MetricUnits.NONE);
        expiryRuns = counter("expiry.runs", "Runs of the expiry job", MetricUnits.NONE);
        hookDelivered = counter("hook.deliveries", "Completion hook POSTs answered 2xx", MetricUnits.NONE);
        hookFailed = counter("hook.failures", "Completion hook POSTs that failed (each retried)", MetricUnits.NONE);
        batchSize = registry.histogram(Metadata.builder().withName(PREFIX + "commit.batch.size")
                .withDescription("Chunks per group commit").withUnit(MetricUnits.NONE).build());
        commitTime = registry.timer(Metadata.builder().withName(PREFIX + "commit.duration")
                .withDescription("Time of one group commit (write, sync, database commit)")
                .withUnit(MetricUnits.SECONDS).build());
        statusTime = registry.timer(Metadata.builder().withName(PREFIX + "status.duration")
                .withDescription("Time to answer GET /upload/status").withUnit(MetricUnits.SECONDS).build());
    }

    private Counter counter(String name, String description, String unit) {
        return registry.counter(Metadata.builder().withName(PREFIX + name).withDescription(description)
                .withUnit(unit).build());
    }

    /** A chunk newly stored (placed or waiting in staging), of this many bytes. */
    public void chunkStored(long size) {
        if (registry == null) {
            return;
        }
        chunks.inc();
        bytes.inc(size);
    }

    public void duplicate() {
        if (registry == null) {
            return;
        }
        duplicates.inc();
    }

    /** A refused request; the reason is a short snake_case word (a tag, so keep the set small). */
    public void refused(String reason) {
        if (registry == null) {
            return;
        }
        registry.counter(Metadata.builder().withName(REFUSED)
                .withDescription("Requests refused, by reason").build(), new Tag("reason", reason)).inc();
    }

    /** The reason tag of a refusal exception: {@code ChunkTooLargeException} gives {@code chunk_too_large}. */
    public static String reasonOf(Class<?> refusal) {
        String name = refusal.getSimpleName().replaceFirst("Exception$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    public void uploadsStarted(int count) {
        if (registry == null) {
            return;
        }
        started.inc(count);
    }

    public void uploadCompleted() {
        if (registry == null) {
            return;
        }
        completed.inc();
    }

    public void uploadCancelled() {
        if (registry == null) {
            return;
        }
        cancelled.inc();
    }

    public void uploadExpired() {
        if (registry == null) {
            return;
        }
        expired.inc();
    }

    public void expiryRun() {
        if (registry == null) {
            return;
        }
        expiryRuns.inc();
    }

    public void hookDelivered() {
        if (registry == null) {
            return;
        }
        hookDelivered.inc();
    }

    public void hookFailed() {
        if (registry == null) {
            return;
        }
        hookFailed.inc();
    }

    public void batchCommitted(int size, Duration took) {
        if (registry == null) {
            return;
        }
        batchSize.update(size);
        commitTime.update(took);
    }

    /** Times a status answer: {@code try (var timing = metrics.timeStatus()) { … }}. */
    public Timer.Context timeStatus() {
        return registry == null ? NOT_TIMED : statusTime.time();
    }
}
