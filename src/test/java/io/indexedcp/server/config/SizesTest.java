package io.indexedcp.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void plainNumbersAndUnitsOf1024() {
        assertEquals(0, Sizes.parse("0"));
        assertEquals(1_048_576, Sizes.parse(" 1048576 "));
        assertEquals(500L << 20, Sizes.parse("500M"));
        assertEquals(10L << 30, Sizes.parse("10G"));
        assertEquals(10L << 30, Sizes.parse("10g"));
        assertEquals(10L << 30, Sizes.parse("10GB"));
        assertEquals(10L << 30, Sizes.parse("10GiB"));
        assertEquals(2L << 40, Sizes.parse("2T"));
        assertEquals(1L << 50, Sizes.parse("1P"));
        assertEquals(3L << 10, Sizes.parse("3 K"));
        assertEquals(10, Sizes.parse("10B"));
    }

    @Test
    void anythingElseIsRefusedWithTheValueInTheMessage() {
        for (String bad : new String[] {"", "G", "B", "GB", "ten", "1.5G", "-1", "10X", "9000000P"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
            assertEquals(true, e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }
}
