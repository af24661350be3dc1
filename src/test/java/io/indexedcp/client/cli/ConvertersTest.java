package io.indexedcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The delays the options take, among them the busy-wait budget's default of 10min. */
class ConvertersTest {

    private final Converters.Delay delay = new Converters.Delay();

    @Test
    void delaysInSecondsMillisecondsAndMinutes() {
        assertEquals(Duration.ofSeconds(5), delay.convert("5"));
        assertEquals(Duration.ofMillis(500), delay.convert("0.5"));
        assertEquals(Duration.ofMillis(250), delay.convert("250ms"));
        assertEquals(Duration.ofSeconds(30), delay.convert("30s"));
        assertEquals(Duration.ofMinutes(10), delay.convert("10min"));
    }

    @Test
    void anythingElseIsNoDelay() {
        for (String bad : new String[] {"soon", "-1", "5m", "1.5min"}) {
            assertThrows(TypeConversionException.class, () -> delay.convert(bad), bad);
        }
    }
}
