package io.indexedcp.client.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * How often a failed request is tried again and how long to wait before each retry.
 *
 * <p>{@code maxRetries} counts retries, not attempts: with 3, a chunk is sent at most 4 times, and
 * the waits before the retries are {@code delayBeforeRetry(0)}, {@code (1)}, {@code (2)}. (The
 * Python client's {@code max_retries} counts attempts; ours follows the wording, "retried
 * up to maxRetries times with delays initialRetryDelay × 2^attempt".)
 */
public interface RetryPolicy {

    /** How many times a request may be repeated after its first attempt; 0 means never. */
    int maxRetries();

    /** The wait before retry number {@code retry} (0-based), unless the server named one. */
    Duration delayBeforeRetry(int retry);

    /** {@code initialDelay × 2^retry}: 1 s, 2 s, 4 s … for the defaults. */
    static RetryPolicy exponential(int maxRetries, Duration initialDelay) {
        requireValid(maxRetries, initialDelay);
        return of(maxRetries, retry -> initialDelay.multipliedBy(1L << Math.min(retry, 30)));
    }

    /** {@code step × (retry + 1)}: 1 s, 2 s, 3 s … for a step of one second. */
    static RetryPolicy linear(int maxRetries, Duration step) {
        requireValid(maxRetries, step);
        return of(maxRetries, retry -> step.multipliedBy(retry + 1L));
    }

    /** Any schedule, e.g. {@code RetryPolicy.of(5, retry -> Duration.ofMillis(100))}. */
    static RetryPolicy of(int maxRetries, IntFunction<Duration> delays) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        Objects.requireNonNull(delays, "delays");
        return new RetryPolicy() {
            @Override
            public int maxRetries() {
                return maxRetries;
            }

            @Override
            public Duration delayBeforeRetry(int retry) {
                return delays.apply(retry);
            }
        };
    }

    /** The seed's behaviour: 3 retries, 1 s, 2 s, 4 s. */
    static RetryPolicy defaults() {
        return exponential(3, Duration.ofSeconds(1));
    }

    /**
     * The same schedule with every delay spread uniformly over {@code ±fraction} of itself, so
     * that many clients cut off by the same outage do not all come back in the same instant.
     */
    default RetryPolicy withJitter(double fraction) {
        return withJitter(fraction, new Random());
    }

    default RetryPolicy withJitter(double fraction, Random random) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("jitter fraction must be within [0, 1], was " + fraction);
        }
        RetryPolicy base = this;
        return of(base.maxRetries(), retry -> {
            Duration delay = base.delayBeforeRetry(retry);
            double factor = 1 + fraction * (2 * random.nextDouble() - 1);
            return Duration.ofNanos((long) (delay.toNanos() * factor));
        });
    }

    private static void requireValid(int maxRetries, Duration delay) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("the retry delay must not be negative, was " + delay);
        }
    }
}
