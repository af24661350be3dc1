package io.indexedcp.client.retry;

import io.indexedcp.client.transfer.Outcome;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The retry loop: try, and while the outcome is retryable and the policy allows, wait and try
 * again. It returns the last outcome rather than throwing, so that the caller, who knows which
 * file and chunk this was, words the failure.
 */
public final class Retrier {

    /** Told before every wait, so progress displays and tests see each retry as it happens. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param retry 1 for the first retry
         * @param delay how long the loop waits now (the server's Retry-After if it sent one)
         * @param cause the outcome that is being retried
         */
        void beforeRetry(int retry, Duration delay, Outcome.Retryable<?> cause);
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;

    public Retrier(RetryPolicy policy, Sleeper sleeper) {
        this.policy = policy;
        this.sleeper = sleeper;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** Success, Fatal, or the last Retryable once the retries are used up. */
    public <T> Outcome<T> call(Supplier<Outcome<T>> attempt, Observer observer) throws InterruptedException {
        Outcome<T> outcome = attempt.get();
        for (int retry = 0; retry < policy.maxRetries() && outcome instanceof Outcome.Retryable<T> retryable; retry++) {
            Duration delay = retryable.retryAfter().isPresent()
                    ? retryable.retryAfter().get()
                    : policy.delayBeforeRetry(retry);
            observer.beforeRetry(retry + 1, delay, retryable);
            sleeper.sleep(delay);
            outcome = attempt.get();
        }
        return outcome;
    }
}
