package io.indexedcp.client.retry;

import java.time.Duration;

/** The wait between attempts, behind an interface so that tests of the policy need not wait. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = delay -> {
        if (!delay.isZero() && !delay.isNegative()) {
            Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
        }
    };

    void sleep(Duration delay) throws InterruptedException;
}
