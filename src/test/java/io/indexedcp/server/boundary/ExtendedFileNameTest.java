package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.server.control.InvalidFileNameException;
import org.junit.jupiter.api.Test;

/** The decoding itself is FileNameHeaderTest's; here: which header wins, and how a bad one is answered. */
class ExtendedFileNameTest {

    @Test
    void theExtendedHeaderTakesPrecedenceOverThePlainOne() {
        assertEquals("é.txt", ExtendedFileName.choose("fallback.txt", "UTF-8''%C3%A9.txt"));
        assertEquals("报告 2026.pdf", ExtendedFileName.choose(null, "UTF-8''%E6%8A%A5%E5%91%8A%202026.pdf"));
        assertEquals("plain.txt", ExtendedFileName.choose("plain.txt", null));
    }

    @Test
    void anEncodedPathStaysAPathForTheBaseNameRules() {
        assertEquals("../../etc/passwd", ExtendedFileName.choose(null, "UTF-8''..%2F..%2Fetc%2Fpasswd"));
    }

    @Test
    void aMalformedExtendedHeaderIsAnInvalidFileNameWithItsReason() {
        InvalidFileNameException refused = assertThrows(InvalidFileNameException.class,
                () -> ExtendedFileName.choose("fallback.txt", "UTF-8''%E6%8A.pdf"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("X-File-Name* is not valid UTF-8 once decoded"), refused.getMessage());
    }
}
