package io.indexedcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountsTest {

    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("1 byte", Counts.of(1, "byte"));
        assertEquals("0 bytes", Counts.of(0, "byte"));
        assertEquals("2 chunks", Counts.of(2, "chunk"));
    }
}
