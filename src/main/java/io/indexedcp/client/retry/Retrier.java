package io.indexedcp.client.retry;

import io.indexedcp.client.transfer.Outcome;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The retry loop: try, and while the outcome is retryable and the limits allow, wait and try
 * again. It returns the last outcome rather than throwing, so that the caller, who knows which
 * file and chunk this was, words the failure.
 *
 * <p>Two kinds of wait, two limits. A failure (network error, time-out, 5xx without
 * {@code Retry-After}) uses up one of the policy's retries and waits the policy's delay. A server
 * that names the time to wait ({@code Retry-After}, e.g. a busy server's {@code 503}) is not
 * failing but asking for patience: that wait uses up no retry and does not advance the policy's
 * backoff; instead all such waits of one request together may last at most {@code maxBusyWait}.
 * Otherwise a busy server answering {@code Retry-After: 1} would end an upload after
 * {@code maxRetries} seconds, however healthy it is. A {@code Retry-After} of zero names no wait
 * and counts as a failure, so that a server answering it for ever cannot keep the loop going.
 */
public final class Retrier {

    /** Told before every wait, so progress displays and tests see each retry as it happens. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param retry 1 for the first repeat of the request, counting both kinds of wait
         * @param delay how long the loop waits now (the server's Retry-After if it sent one)
         * @param cause the outcome that is being retried
         */
        void beforeRetry(int retry, Duration delay, Outcome.Retryable<?> cause);
    }

    public static final Duration DEFAULT_MAX_BUSY_WAIT = Duration.ofMinutes(10);

    private final RetryPolicy policy;
    private final Duration maxBusyWait;
    private final Sleeper sleeper;

    public Retrier(RetryPolicy policy, Sleeper sleeper) {
        this(policy, DEFAULT_MAX_BUSY_WAIT, sleeper);
    }

    public Retrier(RetryPolicy policy, Duration maxBusyWait, Sleeper sleeper) {
        if (maxBusyWait == null || maxBusyWait.isNegative()) {
            throw new IllegalArgumentException("maxBusyWait must not be negative, was " + maxBusyWait);
        }
        this.policy = policy;
        this.maxBusyWait = maxBusyWait;
        this.sleeper = sleeper;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** The longest the waits a server asks for may last in total, per request. */
    public Duration maxBusyWait() {
        return maxBusyWait;
    }

    /**
     * Success, Fatal, or, once the retries or the busy-wait budget are used up, the last Retryable
     * with a reason that says which ("still failing after 3 retries (HTTP 502)").
     */
    public <T> Outcome<T> call(Supplier<Outcome<T>> attempt, Observer observer) throws InterruptedException {
        Outcome<T> outcome = attempt.get();
        int failures = 0;
        int repeats = 0;
        Duration busyWaited = Duration.ZERO;
        while (outcome instanceof Outcome.Retryable<T> retryable) {
            Optional<Duration> asked = retryable.retryAfter().filter(d -> !d.isZero() && !d.isNegative());
            Duration delay;
            if (asked.isPresent()) {
                delay = asked.get();
                if (busyWaited.plus(delay).compareTo(maxBusyWait) > 0) {
                    return Outcome.retryable("still busy after waiting " + human(busyWaited)
                            + " as the server asked, and it asks for " + human(delay) + " more (at most "
                            + human(maxBusyWait) + " in all) (" + retryable.reason() + ")", Optional.empty());
                }
                busyWaited = busyWaited.plus(delay);
            } else {
                if (failures >= policy.maxRetries()) {
                    return Outcome.retryable("still failing after " + policy.maxRetries() + " retries ("
                            + retryable.reason() + ")", Optional.empty());
                }
                // Present here only as zero: the server's "now" replaces the backoff, but it was a failure.
                delay = retryable.retryAfter().isPresent() ? Duration.ZERO : policy.delayBeforeRetry(failures);
                failures++;
            }
            observer.beforeRetry(++repeats, delay, retryable);
            sleeper.sleep(delay);
            outcome = attempt.get();
        }
        return outcome;
    }

    /** {@code 250 ms}, {@code 3 s}, {@code 10 min}: for one-line messages. */
    static String human(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 120_000 || millis % 60_000 != 0) {
            String seconds = millis % 1000 == 0 ? Long.toString(millis / 1000)
                    : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
            return seconds + " s";
        }
        return millis / 60_000 + " min";
    }
}
