package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

    /** What the container hands over: one char per byte received. */
    private static String received(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void latin1BytesAreLatin1Text() {
        assertEquals("résumé.pdf", HeaderText.decode(received("résumé.pdf".getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void utf8BytesAreUtf8Text() {
        assertEquals("报告 2026.pdf", HeaderText.decode(received("报告 2026.pdf".getBytes(StandardCharsets.UTF_8))));
        assertEquals("résumé.pdf", HeaderText.decode(received("résumé.pdf".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void asciiAndNullPassThrough() {
        assertEquals("plain.bin", HeaderText.decode("plain.bin"));
        assertEquals(null, HeaderText.decode(null));
    }
}
