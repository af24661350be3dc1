package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.server.control.InvalidFileNameException;
import org.junit.jupiter.api.Test;

class ExtendedFileNameTest {

    @Test
    void percentEncodedUtf8IsDecoded() {
        assertEquals("报告 2026.pdf", ExtendedFileName.decode("UTF-8''%E6%8A%A5%E5%91%8A%202026.pdf"));
        assertEquals("Москва.txt", ExtendedFileName.decode("utf-8''%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0.txt"));
        assertEquals("😀 a&b+c%d#e.bin", ExtendedFileName.decode("UTF-8''%F0%9F%98%80%20a&b+c%25d#e.bin"));
    }

    @Test
    void aLanguageTagIsIgnored() {
        assertEquals("€.txt", ExtendedFileName.decode("UTF-8'en'%E2%82%AC.txt"));
    }

    @Test
    void takesPrecedenceOverThePlainHeader() {
        assertEquals("é.txt", ExtendedFileName.choose("fallback.txt", "UTF-8''%C3%A9.txt"));
        assertEquals("plain.txt", ExtendedFileName.choose("plain.txt", null));
    }

    @Test
    void anEncodedPathStaysAPathForTheBaseNameRules() {
        assertEquals("../../etc/passwd", ExtendedFileName.decode("UTF-8''..%2F..%2Fetc%2Fpasswd"));
    }

    @Test
    void malformedValuesAreRefusedWithAReason() {
        assertRefused("ISO-8859-1''%E9.txt", "UTF-8");
        assertRefused("%E6%8A%A5.pdf", "UTF-8''");
        assertRefused("UTF-8''%E6%8A.pdf", "not UTF-8");
        assertRefused("UTF-8''%G1.pdf", "two hex digits");
        assertRefused("UTF-8''%4", "two hex digits");
        assertRefused("UTF-8''a b.pdf", "percent-encoded");
        assertRefused("UTF-8''caf\u00e9.pdf", "percent-encoded");
    }

    private static void assertRefused(String value, String reasonPart) {
        InvalidFileNameException refused = assertThrows(InvalidFileNameException.class,
                () -> ExtendedFileName.decode(value));
        assertTrue(refused.getMessage().contains(reasonPart), refused.getMessage());
    }
}
