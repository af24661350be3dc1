package io.indexedcp.server.hook;

import io.indexedcp.server.config.Configuration;
import io.indexedcp.server.events.UploadCompleted;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers each completed upload's JSON to {@code INDEXEDCP_ON_COMPLETE}, a URL or a command
 * ({@link HookTarget}). The completion only adds a row to {@link HookQueue} (the client's answer
 * never waits for the receiver); a background job delivers what is due every second, one at a time,
 * each attempt bounded by {@code INDEXEDCP_ON_COMPLETE_TIMEOUT} (default 5 min), and a failure (no
 * answer, not 2xx, a non-zero exit status) is logged, counted and tried
 * again after {@link #delayAfter} — 1 s, 2 s, 4 s … at most 5 min — until
 * {@code INDEXEDCP_ON_COMPLETE_GIVE_UP} (default a day) has passed. Delivery is at least once: a
 * receiver must accept a repeat (two nodes may send the same row, a crash may come after a POST).
 */
@ApplicationScoped
public class CompletionHook {

    static final String ON_COMPLETE = "INDEXEDCP_ON_COMPLETE";
    static final String GIVE_UP = "INDEXEDCP_ON_COMPLETE_GIVE_UP";
    static final String TIMEOUT = "INDEXEDCP_ON_COMPLETE_TIMEOUT";
    private static final Logger LOG = Logger.getLogger(CompletionHook.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Duration MAX_DELAY = Duration.ofMinutes(5);
    private static final int BATCH = 50;

    private Duration giveUpAfter;
    private Duration attemptTimeout;

    @Inject
    HookQueue queue;

    @Inject
    UploadMetrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ReentrantLock sending = new ReentrantLock();
    private HookTarget hookTarget;
    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        giveUpAfter = Configuration.duration(GIVE_UP, "P1D");
        attemptTimeout = Configuration.duration(TIMEOUT, "PT5M");
        String configured = Configuration.value(ON_COMPLETE).map(String::strip).orElse("");
        if (configured.isEmpty()) {
            return;
        }
        try {
            hookTarget = HookTarget.of(configured);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> ON_COMPLETE + " is not a usable URL (" + e.getMessage() + "); no hook");
            return;
        }
        schedule = scheduler.scheduleWithFixedDelay(this::sendDue, 1, 1, TimeUnit.SECONDS);
        LOG.info(() -> "Completed uploads are " + hookTarget.describe());
    }

    /** Queued in the completion's thread (one insert), sent by the job; the job is nudged to send it now. */
    void completed(@Observes UploadCompleted event) {
        if (hookTarget == null) {
            return;
        }
        try {
            queue.add(json(event), System.currentTimeMillis());
        } catch (RuntimeException e) {
            // Thrown on, it would keep the other observers from hearing of the upload.
            LOG.log(Level.WARNING, "Completion hook for " + event.name() + " could not be queued; it is lost", e);
            metrics.hookFailed();
            return;
        }
        scheduler.execute(this::sendDue);
    }

    static String json(UploadCompleted event) {
        var body = JSON.createObjectBuilder().add("event", "completed").add("name", event.name());
        body = event.uploadId() == null ? body.addNull("uploadId") : body.add("uploadId", event.uploadId());
        body = event.principal() == null ? body.addNull("principal") : body.add("principal", event.principal());
        return body.add("size", event.size()).add("sha256", event.sha256()).add("path", event.path().toString())
                .build().toString();
    }

    /** 1 s after the first failure, doubling, at most 5 min. */
    static Duration delayAfter(int failures) {
        Duration delay = Duration.ofSeconds(1L << Math.min(failures - 1, 16));
        return delay.compareTo(MAX_DELAY) < 0 ? delay : MAX_DELAY;
    }

    void sendDue() {
        if (!sending.tryLock()) {
            return; // a run is sending already; it takes what is due
        }
        try {
            long now = System.currentTimeMillis();
            for (HookDelivery delivery : queue.due(now, BATCH)) {
                send(delivery);
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Completion hook run failed; the next run retries: " + e);
        } finally {
            sending.unlock();
        }
    }

    private void send(HookDelivery delivery) {
        Optional<String> outcome;
        try {
            outcome = hookTarget.deliver(delivery.getPayload(), attemptTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (outcome.isEmpty()) {
            queue.delivered(delivery.getId());
            metrics.hookDelivered();
            return;
        }
        String failure = outcome.get();
        metrics.hookFailed();
        int failures = delivery.getAttempts() + 1;
        long now = System.currentTimeMillis();
        if (now - delivery.getCreatedMillis() > giveUpAfter.toMillis()) {
            queue.delivered(delivery.getId());
            LOG.warning("Completion hook given up after " + failures + " attempts (" + failure + "): "
                    + delivery.getPayload());
            return;
        }
        Duration delay = delayAfter(failures);
        queue.failed(delivery.getId(), now + delay.toMillis());
        String reason = failure;
        LOG.warning(() -> "Completion hook (" + hookTarget.describe() + ") failed (" + reason + "), attempt " + failures
                + ", again in " + delay.toSeconds() + " s");
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
