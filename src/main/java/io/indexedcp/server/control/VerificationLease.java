package io.indexedcp.server.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a completion's lease on the file it hashes ({@link UploadTransactions#beginCompletion})
 * alive while it hashes, however long that takes, by renewing it in the database: a lease, not a
 * lock of this JVM, so that completions on other nodes see it, and so that it runs out on its
 * own when this node dies mid-hash.
 */
@ApplicationScoped
public class VerificationLease {

    private static final Logger LOG = Logger.getLogger(VerificationLease.class.getName());

    /** The container's (its type named as the JDK's, so that a test can hand in a plain one). */
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ScheduledExecutorService scheduler;

    @Inject
    UploadTransactions transactions;

    /** A third of the lease: two renewals may fail before another completion takes over. */
    Duration renewEvery = UploadTransactions.VERIFICATION_LEASE.dividedBy(3);

    /** Renewals under way; closing it stops them (the lease then runs out unless the upload left completing). */
    @FunctionalInterface
    interface Renewals extends AutoCloseable {
        @Override
        void close();
    }

    /** Renews the lease on the upload's verification until the result is closed. */
    Renewals renewWhileHashing(long uploadId) {
        ScheduledFuture<?> renewals = scheduler.scheduleAtFixedRate(() -> renew(uploadId), renewEvery.toMillis(),
                renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        return () -> renewals.cancel(false);
    }

    private void renew(long uploadId) {
        try {
            transactions.renewVerification(uploadId, Instant.now());
        } catch (RuntimeException e) {
            // Tried again at the next turn; if the lease runs out meanwhile, another completion hashes too, as if this
            // node had died: slower, never wrong (the decision step re-checks under the lock).
            LOG.log(Level.WARNING, "could not renew the verification lease of upload " + uploadId, e);
        }
    }
}
