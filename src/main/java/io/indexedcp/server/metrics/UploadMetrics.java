package io.indexedcp.server.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.UnsatisfiedResolutionException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The counters, histogram and timers of this server instance, in the application registry. Names
 * are chosen so that the Prometheus text reads {@code indexedcp_…_total}, {@code …_bytes_total},
 * {@code …_seconds}: MicroProfile Metrics appends {@code _total} to counters and the unit to the rest.
 * What every node shares (uploads in progress, bytes in staging) is a gauge, see {@link StateGauges}.
 *
 * <p>Names no MicroProfile type, so that the services calling it deploy on a server without
 * MicroProfile Metrics too (a plain Jakarta EE 10 server): there it counts nothing and
 * {@code /metrics} is not served. The API is only touched by {@link MicroProfileRecorder}.
 */
@ApplicationScoped
public class UploadMetrics {

    private static final Logger LOG = Logger.getLogger(UploadMetrics.class.getName());
    static final String PREFIX = "indexedcp.";
    static final String REFUSED = PREFIX + "requests.refused";

    /** A measurement being timed; {@code close()} records it. */
    public interface Timing extends AutoCloseable {
        @Override
        void close();
    }

    @Inject
    Instance<Object> beans;

    private Recorder recorder = Recorder.NONE;
    private LongConsumer chunks;
    private LongConsumer bytes;
    private LongConsumer duplicates;
    private LongConsumer started;
    private LongConsumer completed;
    private LongConsumer cancelled;
    private LongConsumer expired;
    private LongConsumer expiryRuns;
    private LongConsumer hookDelivered;
    private LongConsumer hookFailed;
    private Recorder.TaggedCounter refusals;
    private LongConsumer batchSize;
    private Recorder.Timer commitTime;
    private Recorder.Timer statusTime;

    /** Counts nothing: for the unit tests that wire the services by hand, without a container. */
    public static UploadMetrics unregistered() {
        UploadMetrics metrics = new UploadMetrics();
        metrics.register(Recorder.NONE);
        return metrics;
    }

    @PostConstruct
    void register() {
        register(chooseRecorder());
    }

    private Recorder chooseRecorder() {
        try {
            return MicroProfileRecorder.of(beans);
        } catch (LinkageError | UnsatisfiedResolutionException absent) {
            LOG.info(() -> "No MicroProfile Metrics in this server (" + absent + "): no metrics are kept or served");
            return Recorder.NONE;
        }
    }

    private void register(Recorder chosen) {
        recorder = chosen;
        chunks = counter("chunks.received", "Chunks stored (duplicates not included)");
        // The unit goes into the name by hand: Payara appends no unit to a counter's name.
        bytes = counter("received.bytes", "Bytes of the chunks stored");
        duplicates = counter("chunks.duplicate", "Chunks received again and skipped");
        started = counter("uploads.started", "Uploads whose first chunk was stored");
        completed = counter("uploads.completed", "v2 uploads verified and published");
        cancelled = counter("uploads.cancelled", "Unfinished uploads cancelled by a client");
        expired = counter("uploads.expired", "Unfinished uploads removed for being idle");
        expiryRuns = counter("expiry.runs", "Runs of the expiry job");
        hookDelivered = counter("hook.deliveries", "Completion hook deliveries that succeeded");
        hookFailed = counter("hook.failures", "Completion hook attempts that failed (each retried)");
        refusals = recorder.taggedCounter(REFUSED, "Requests refused, by reason", "reason");
        batchSize = recorder.histogram(PREFIX + "commit.batch.size", "Chunks per group commit");
        commitTime = recorder.timer(PREFIX + "commit.duration", "Time of one group commit (write, sync, database commit)");
        statusTime = recorder.timer(PREFIX + "status.duration", "Time to answer GET /upload/status");
    }

    private LongConsumer counter(String name, String description) {
        return recorder.counter(PREFIX + name, description);
    }

    /** A gauge read at every scrape ({@link StateGauges}); {@code bytes} gives it the unit bytes, else none. */
    void gauge(String name, String description, boolean bytes, Supplier<Number> reading) {
        recorder.gauge(PREFIX + name, description, bytes ? Recorder.BYTES_UNIT : Recorder.NONE_UNIT, reading);
    }

    /** A chunk newly stored (placed or waiting in staging), of this many bytes. */
    public void chunkStored(long size) {
        chunks.accept(1);
        bytes.accept(size);
    }

    public void duplicate() {
        duplicates.accept(1);
    }

    /** A refused request; the reason is a short snake_case word (a tag, so keep the set small). */
    public void refused(String reason) {
        refusals.inc(reason);
    }

    /** The reason tag of a refusal exception: {@code ChunkTooLargeException} gives {@code chunk_too_large}. */
    public static String reasonOf(Class<?> refusal) {
        String name = refusal.getSimpleName().replaceFirst("Exception$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    public void uploadsStarted(int count) {
        started.accept(count);
    }

    public void uploadCompleted() {
        completed.accept(1);
    }

    public void uploadCancelled() {
        cancelled.accept(1);
    }

    public void uploadExpired() {
        expired.accept(1);
    }

    public void expiryRun() {
        expiryRuns.accept(1);
    }

    public void hookDelivered() {
        hookDelivered.accept(1);
    }

    public void hookFailed() {
        hookFailed.accept(1);
    }

    public void batchCommitted(int size, Duration took) {
        batchSize.accept(size);
        commitTime.update(took);
    }

    /** Times a status answer: {@code try (var timing = metrics.timeStatus()) { … }}. */
    public Timing timeStatus() {
        return statusTime.time();
    }
}
