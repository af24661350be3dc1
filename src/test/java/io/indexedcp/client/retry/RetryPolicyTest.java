package io.indexedcp.client.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static List<Duration> schedule(RetryPolicy policy) {
        return IntStream.range(0, policy.maxRetries()).mapToObj(policy::delayBeforeRetry).toList();
    }

    @Test
    void defaultsAreTheSeedsThreeRetriesDoublingFromOneSecond() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertEquals(3, policy.maxRetries());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), schedule(policy));
    }

    @Test
    void exponentialDoublesTheInitialDelay() {
        RetryPolicy policy = RetryPolicy.exponential(5, Duration.ofMillis(250));

        assertEquals(List.of(250L, 500L, 1000L, 2000L, 4000L),
                schedule(policy).stream().map(Duration::toMillis).toList());
    }

    @Test
    void exponentialDoesNotOverflowForLargeRetryNumbers() {
        Duration late = RetryPolicy.exponential(100, Duration.ofMillis(1)).delayBeforeRetry(99);

        assertEquals(Duration.ofMillis(1L << 30), late);
    }

    @Test
    void linearAddsTheStep() {
        RetryPolicy policy = RetryPolicy.linear(4, Duration.ofSeconds(2));

        assertEquals(List.of(2L, 4L, 6L, 8L), schedule(policy).stream().map(Duration::toSeconds).toList());
    }

    @Test
    void customPolicyIsALambda() {
        RetryPolicy policy = RetryPolicy.of(3, retry -> Duration.ofMillis(10 + retry));

        assertEquals(List.of(10L, 11L, 12L), schedule(policy).stream().map(Duration::toMillis).toList());
    }

    @Test
    void jitterStaysWithinItsFractionAndKeepsTheRetryCount() {
        RetryPolicy policy = RetryPolicy.exponential(6, Duration.ofSeconds(1)).withJitter(0.25, new Random(42));

        assertEquals(6, policy.maxRetries());
        for (int retry = 0; retry < 6; retry++) {
            long base = 1000L << retry;
            long millis = policy.delayBeforeRetry(retry).toMillis();
            assertTrue(millis >= base * 0.75 && millis <= base * 1.25, "retry " + retry + ": " + millis);
        }
    }

    @Test
    void jitterActuallyVaries() {
        RetryPolicy policy = RetryPolicy.linear(1, Duration.ofSeconds(10)).withJitter(0.5, new Random(7));

        long distinct = IntStream.range(0, 20).mapToObj(i -> policy.delayBeforeRetry(0)).distinct().count();

        assertTrue(distinct > 1);
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.exponential(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.linear(1, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults().withJitter(1.5));
    }
}
