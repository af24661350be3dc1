package io.indexedcp.server.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompletionHookTest {

    @Test
    void theDelayDoublesFromOneSecondUpToFiveMinutes() {
        assertEquals(Duration.ofSeconds(1), CompletionHook.delayAfter(1));
        assertEquals(Duration.ofSeconds(2), CompletionHook.delayAfter(2));
        assertEquals(Duration.ofSeconds(4), CompletionHook.delayAfter(3));
        assertEquals(Duration.ofSeconds(256), CompletionHook.delayAfter(9));
        assertEquals(Duration.ofMinutes(5), CompletionHook.delayAfter(10));
        assertEquals(Duration.ofMinutes(5), CompletionHook.delayAfter(1000));
    }
}
