package io.indexedcp.server.fault;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/** Polling with a deadline: every wait in the fault suite ends, whatever the server does. */
final class Bounded {

    /** A condition that may do I/O. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Bounded() {
    }

    /**
     * Polls {@code condition} every {@code interval} until it holds or {@code timeout} has passed;
     * returns how long it took, or empty if it never held.
     */
    static Optional<Duration> await(Duration timeout, Duration interval, Condition condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (condition.holds()) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - start));
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
