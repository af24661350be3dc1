package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x.bin|x.bin",
        "./data/x.bin|x.bin",
        "../x.bin|x.bin",
        "../../etc/passwd|passwd",
        "/home/u/x.bin|x.bin",
        "C:\\Users\\u\\x.bin|x.bin",
        "a/b\\c/d.tar.gz|d.tar.gz",
        "..\\..\\x.bin|x.bin",
        "name with spaces.txt|name with spaces.txt",
        "x..bin|x..bin",
        "été.bin|été.bin",
    })
    void keepsOnlyTheBaseName(String clientName, String expected) {
        assertEquals(expected, FileNames.baseName(clientName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dir/", "dir\\", "/", ".", "..", "a/..", "a\\..", "a/.", ".hidden", ".indexcp_chunks.db",
        "x/.indexcp_chunks.db", ".indexcp-staging", "nul\u0000byte", "bell\u0007", "new\nline", "del\u007f"})
    void refusesWhatIsNoPlainFileName(String clientName) {
        assertThrows(InvalidFileNameException.class, () -> FileNames.baseName(clientName));
    }

    @org.junit.jupiter.api.Test
    void refusesMissingName() {
        assertThrows(InvalidFileNameException.class, () -> FileNames.baseName(null));
    }

    @org.junit.jupiter.api.Test
    void limitsTheNameTo255BytesOfUtf8() {
        assertEquals("n".repeat(255), FileNames.baseName("dir/" + "n".repeat(255)));
        assertThrows(InvalidFileNameException.class, () -> FileNames.baseName("n".repeat(256)));
        assertEquals("é".repeat(127), FileNames.baseName("é".repeat(127)));
        assertThrows(InvalidFileNameException.class, () -> FileNames.baseName("é".repeat(128)));
    }
}
