package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void aBurstOfTwiceTheRateThenTheRate() {
        RateLimiter limiter = new RateLimiter(2, RateLimiter.burstFor(2), now::get);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, limiter.acquire("alice"), "request " + i + " of the burst");
        }
        assertEquals(1, limiter.acquire("alice"), "the fifth at once waits");
        now.addAndGet(SECOND / 2);
        assertEquals(0, limiter.acquire("alice"), "half a second gives one token at 2/s");
        assertEquals(1, limiter.acquire("alice"));
    }

    @Test
    void aRefusedRequestTakesNothing() {
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        assertEquals(0, limiter.acquire("bob"));
        for (int i = 0; i < 100; i++) {
            assertEquals(1, limiter.acquire("bob"));
        }
        now.addAndGet(SECOND);
        assertEquals(0, limiter.acquire("bob"), "refusals do not push the next token further away");
    }

    @Test
    void principalsHaveBucketsOfTheirOwn() {
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        assertEquals(0, limiter.acquire("alice"));
        assertEquals(1, limiter.acquire("alice"));
        assertEquals(0, limiter.acquire("bob"));
    }

    @Test
    void slowRatesAskForLongerWaitsInWholeSeconds() {
        RateLimiter limiter = new RateLimiter(0.1, RateLimiter.burstFor(0.1), now::get);
        assertEquals(0, limiter.acquire("carol"));
        assertEquals(10, limiter.acquire("carol"));
        now.addAndGet(SECOND * 5 / 2);
        assertEquals(8, limiter.acquire("carol"), "7.5 s left, rounded up");
    }

    @Test
    void theBurstIsNeverExceededAfterALongQuiet() {
        RateLimiter limiter = new RateLimiter(1, 3, now::get);
        now.addAndGet(3600 * SECOND);
        int taken = 0;
        while (limiter.acquire("dave") == 0) {
            taken++;
        }
        assertEquals(3, taken);
    }

    @Test
    void refilledBucketsAreForgottenWhenThereAreMany() {
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        for (int i = 0; i <= RateLimiter.PRUNE_ABOVE; i++) {
            limiter.acquire("principal-" + i);
        }
        now.addAndGet(2 * SECOND);
        limiter.acquire("one more");
        assertTrue(limiter.trackedKeys() <= 2, "tracked: " + limiter.trackedKeys());
    }

    @Test
    void nonsenseRatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0.5, now::get));
    }
}
