package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAuthenticationsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(-7 * SECOND); // nanoTime may be negative
    private final FailedAuthentications failures = new FailedAuthentications(20, Duration.ofMinutes(1), now::get);

    @Test
    void theLimitOfFailuresThrottlesTheAddressUntilItsMinuteIsOver() {
        for (int i = 0; i < 19; i++) {
            failures.failed("10.0.0.1");
            now.addAndGet(SECOND);
        }
        assertEquals(0, failures.throttledFor("10.0.0.1"), "19 failures: still allowed");
        failures.failed("10.0.0.1"); // the 20th, 19 s into the window
        assertEquals(41, failures.throttledFor("10.0.0.1"));
        now.addAndGet(40 * SECOND + SECOND / 2);
        assertEquals(1, failures.throttledFor("10.0.0.1"), "half a second left: rounded up");
        now.addAndGet(SECOND / 2);
        assertEquals(0, failures.throttledFor("10.0.0.1"), "the minute is over");
    }

    @Test
    void aNewWindowStartsAtTheFirstFailureAfterTheLastOneEnded() {
        for (int i = 0; i < 19; i++) {
            failures.failed("10.0.0.2");
        }
        now.addAndGet(60 * SECOND);
        failures.failed("10.0.0.2");
        assertEquals(0, failures.throttledFor("10.0.0.2"), "the old 19 do not count in the new minute");
    }

    @Test
    void addressesAreCountedApart() {
        for (int i = 0; i < 20; i++) {
            failures.failed("10.0.0.3");
        }
        assertEquals(60, failures.throttledFor("10.0.0.3"));
        assertEquals(0, failures.throttledFor("10.0.0.4"));
    }

    @Test
    void endedWindowsAreForgottenWhenThereAreMany() {
        for (int i = 0; i <= FailedAuthentications.PRUNE_ABOVE; i++) {
            failures.failed("addr-" + i);
        }
        now.addAndGet(61 * SECOND);
        failures.failed("one more");
        assertTrue(failures.trackedAddresses() <= 2, "tracked: " + failures.trackedAddresses());
    }
}
