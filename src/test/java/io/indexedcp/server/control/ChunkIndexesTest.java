package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkIndexesTest {

    @Test
    void parsesDecimalIndexes() {
        assertEquals(0, ChunkIndexes.parse("0"));
        assertEquals(17, ChunkIndexes.parse("17"));
        assertEquals(17, ChunkIndexes.parse(" 17 "));
        assertEquals(5, ChunkIndexes.parse("005"));
        assertEquals(ChunkIndexes.MAX_INDEX, ChunkIndexes.parse(Integer.toString(ChunkIndexes.MAX_INDEX)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-1", "-0", "+1", "1.0", "1e3", "0x1", "one", "1 2", "٣",
        "2147483647", "99999999999999999999999"})
    void refusesAnythingElse(String header) {
        assertThrows(InvalidChunkIndexException.class, () -> ChunkIndexes.parse(header));
    }

    @Test
    void refusesMissingHeader() {
        assertThrows(InvalidChunkIndexException.class, () -> ChunkIndexes.parse(null));
    }
}
