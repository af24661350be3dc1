package io.indexedcp.client.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.indexedcp.client.transfer.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The loop with a recording sleeper: no real waiting, every wait visible. */
class RetrierTest {

    private final List<Duration> slept = new ArrayList<>();
    private final List<String> observed = new ArrayList<>();
    private final Retrier retrier = new Retrier(RetryPolicy.exponential(3, Duration.ofSeconds(1)), slept::add);

    private static Deque<Outcome<String>> script(List<Outcome<String>> outcomes) {
        return new ArrayDeque<>(outcomes);
    }

    private Outcome<String> run(Deque<Outcome<String>> script) throws InterruptedException {
        return retrier.call(script::pop, (retry, delay, cause) -> observed.add(retry + ":" + delay.toMillis() + ":" + cause.reason()));
    }

    private static Outcome<String> down() {
        return Outcome.retryable("HTTP 503", Optional.empty());
    }

    @Test
    void successNeedsNoRetry() throws InterruptedException {
        Outcome<String> outcome = run(script(List.of(Outcome.success("ok"))));

        assertEquals("ok", ((Outcome.Success<String>) outcome).value());
        assertEquals(List.of(), slept);
        assertEquals(List.of(), observed);
    }

    @Test
    void retriesWithExponentialDelaysUntilSuccess() throws InterruptedException {
        Deque<Outcome<String>> script = script(List.of(down(), down(), Outcome.success("ok")));

        Outcome<String> outcome = run(script);

        assertInstanceOf(Outcome.Success.class, outcome);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), slept);
        assertEquals(List.of("1:1000:HTTP 503", "2:2000:HTTP 503"), observed);
    }

    @Test
    void givesUpAfterMaxRetriesAndReturnsTheLastFailure() throws InterruptedException {
        Deque<Outcome<String>> script = script(List.of(down(), down(), down(), down(), Outcome.success("never")));

        Outcome<String> outcome = run(script);

        assertInstanceOf(Outcome.Retryable.class, outcome);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), slept);
        assertEquals(1, script.size(), "4 attempts: the first and 3 retries");
    }

    @Test
    void fatalIsNeverRetried() throws InterruptedException {
        Deque<Outcome<String>> script = script(List.of(Outcome.fatal(401, "authentication failed"), Outcome.success("no")));

        Outcome<String> outcome = run(script);

        assertEquals(401, ((Outcome.Fatal<String>) outcome).status());
        assertEquals(List.of(), slept);
        assertEquals(1, script.size());
    }

    @Test
    void retryAfterReplacesThePolicyDelay() throws InterruptedException {
        Deque<Outcome<String>> script = script(List.of(
                Outcome.retryable("HTTP 429", Optional.of(Duration.ofSeconds(7))), down(), Outcome.success("ok")));

        run(script);

        // The server's wait is no failure: the one failure after it gets the policy's first delay.
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(1)), slept);
    }

    @Test
    void waitsTheServerAskedForDoNotUseUpRetries() throws InterruptedException {
        Outcome<String> busy = Outcome.retryable("HTTP 503", Optional.of(Duration.ofSeconds(1)));
        Deque<Outcome<String>> script = script(List.of(busy, busy, busy, busy, busy, down(), Outcome.success("ok")));

        Outcome<String> outcome = run(script);

        assertInstanceOf(Outcome.Success.class, outcome);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1)), slept, "the one failure gets the policy's first delay");
    }

    @Test
    void waitsTheServerAskedForStopAtTheBudget() throws InterruptedException {
        Retrier budget = new Retrier(RetryPolicy.exponential(3, Duration.ofSeconds(1)), Duration.ofSeconds(10), slept::add);
        Outcome<String> busy = Outcome.retryable("HTTP 503", Optional.of(Duration.ofSeconds(4)));
        Deque<Outcome<String>> script = script(List.of(busy, busy, busy, Outcome.success("too late")));

        Outcome<String> outcome = budget.call(script::pop, (r, d, c) -> observed.add(r + ":" + d.toMillis()));

        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4)), slept, "a third 4 s would pass 10 s");
        assertEquals(List.of("1:4000", "2:4000"), observed);
        assertEquals("still busy after waiting 8 s as the server asked, and it asks for 4 s more (at most 10 s in all)"
                + " (HTTP 503)", ((Outcome.Retryable<String>) outcome).reason());
        assertEquals(1, script.size());
    }

    @Test
    void aZeroRetryAfterIsAFailureSoItCannotLoopForEver() throws InterruptedException {
        Outcome<String> now = Outcome.retryable("HTTP 503", Optional.of(Duration.ZERO));
        Deque<Outcome<String>> script = script(List.of(now, now, now, now, Outcome.success("never")));

        Outcome<String> outcome = run(script);

        assertEquals("still failing after 3 retries (HTTP 503)", ((Outcome.Retryable<String>) outcome).reason());
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO), slept);
    }

    @Test
    void zeroRetriesMeansOneAttempt() throws InterruptedException {
        Retrier once = new Retrier(RetryPolicy.exponential(0, Duration.ofSeconds(1)), slept::add);
        Deque<Outcome<String>> script = script(List.of(down(), Outcome.success("no")));

        Outcome<String> outcome = once.call(script::pop, (r, d, c) -> observed.add("retry"));

        assertInstanceOf(Outcome.Retryable.class, outcome);
        assertEquals(List.of(), observed);
    }

    @Test
    void linearPolicyPlugsIn() throws InterruptedException {
        Retrier linear = new Retrier(RetryPolicy.linear(3, Duration.ofMillis(100)), slept::add);

        linear.call(script(List.of(down(), down(), down(), Outcome.success("ok")))::pop, (r, d, c) -> { });

        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300)), slept);
    }
}
