package io.indexedcp.server.control;

import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import io.indexedcp.server.entity.JobLeases;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Expires uploads left unfinished longer than {@code INDEXEDCP_EXPIRE_AFTER}, every
 * {@code INDEXEDCP_EXPIRY_INTERVAL}, on the container's managed scheduler, and deletes orphaned
 * staging files. Every node schedules it; in each period only the node that claims the period in
 * the database ({@link JobLeases}) runs it, so nodes sharing a database run it once per period and
 * never two at once; a running node renews its claim as it goes, so a node that dies or hangs
 * mid-run holds the job up for {@link #CLAIM} only. Each expiry re-checks the upload under its row lock besides, so a run racing
 * with a chunk removes nothing that is in use.
 */
@ApplicationScoped
public class ExpiryJob {

    private static final Logger LOG = Logger.getLogger(ExpiryJob.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ServerSettings settings;

    @Inject
    UploadRemoval removal;

    @Inject
    UploadMetrics metrics;

    @Inject
    JobLeases leases;

    @Inject
    StartupRecovery recovery;

    static final String JOB = "expiry";

    /**
     * How long a claim keeps the other nodes out unless renewed: how long a node killed or stuck
     * mid-run stops the job for everyone.
     */
    static final Duration CLAIM = Duration.ofSeconds(30);

    /** A running node renews its claim (between uploads) once this old, well inside {@link #CLAIM}. */
    static final Duration RENEW_AFTER = Duration.ofSeconds(10);

    /** This node in the lease table and the log: process and host. */
    static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    /**
     * A staging file no record refers to and untouched this long is an orphan (its request died
     * before its commit): a body still arriving keeps touching its file, a commit takes seconds.
     */
    static final Duration ORPHAN_AGE = Duration.ofHours(1);

    private ScheduledFuture<?> schedule;

    public void start() {
        long every = Math.max(1, settings.expiryInterval().toMillis());
        schedule = scheduler.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Unfinished uploads expire after " + settings.expireAfter() + ", checked every "
                + settings.expiryInterval());
    }

    void runOnce() {
        Instant now = Instant.now();
        long period = now.toEpochMilli() / Math.max(1, settings.expiryInterval().toMillis());
        try {
            if (!leases.claim(JOB, period, NODE, now, now.plus(CLAIM))) {
                return; // another node runs this period, or is still running an earlier one
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot claim the expiry run; next period will retry", e);
            return;
        }
        // One line per run, so that an operator (and ScaleOutIT) can see which node ran which period.
        LOG.info(() -> "Expiry run of period " + period + " on " + NODE);
        metrics.expiryRun(); // runs of this node: the counters of all nodes add up to the runs made
        Heartbeat heartbeat = new Heartbeat(period, now);
        try {
            Duration expireAfter = settings.expireAfter();
            int expired = removal.expireIdleSince(Instant.now().minus(expireAfter), heartbeat);
            if (expired > 0) {
                LOG.info(() -> "Expired " + expired + " upload(s) idle for more than " + expireAfter);
            }
            if (recovery.shared()) {
                recovery.recoverIdle(heartbeat);
            }
            int orphans = removal.sweepOrphans(Instant.now().minus(min(expireAfter, ORPHAN_AGE)), heartbeat);
            if (orphans > 0) {
                LOG.info(() -> "Removed " + orphans + " staging file(s) no upload refers to");
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Expiry run failed; next run will retry", e);
        } finally {
            release();
        }
    }

    /** Never throws: an exception would end the schedule. An unreleased claim lapses after {@link #CLAIM}. */
    private void release() {
        try {
            leases.release(JOB, NODE);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot release the expiry run's claim; it lapses after " + CLAIM, e);
        }
    }

    /**
     * Called between the uploads a run goes through: renews the claim once it is {@link #RENEW_AFTER}
     * old, and ends the run (by throwing) when the claim has lapsed to another node meanwhile.
     */
    private final class Heartbeat implements Runnable {

        private final long period;
        private Instant renewed;

        Heartbeat(long period, Instant claimed) {
            this.period = period;
            this.renewed = claimed;
        }

        @Override
        public void run() {
            Instant now = Instant.now();
            if (Duration.between(renewed, now).compareTo(RENEW_AFTER) < 0) {
                return;
            }
            if (!leases.renew(JOB, period, NODE, now.plus(CLAIM))) {
                throw new IllegalStateException("the claim of period " + period
                        + " lapsed and another node took the job over; this run stops here");
            }
            renewed = now;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
