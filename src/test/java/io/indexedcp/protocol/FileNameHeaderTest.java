package io.indexedcp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNameHeaderTest {

    @Test
    void printableAsciiIsPlainAnythingElseIsNot() {
        assertTrue(FileNameHeader.isPlain("a b&c+d%e#f~.pdf"));
        assertTrue(FileNameHeader.isPlain(""));
        assertFalse(FileNameHeader.isPlain("résumé.pdf"));
        assertFalse(FileNameHeader.isPlain("tab\there"));
        assertFalse(FileNameHeader.isPlain("del\u007F"));
    }

    @Test
    void encodesUtf8BytesUppercaseWithAttrCharsLiteral() {
        assertEquals("UTF-8''r%C3%A9sum%C3%A9.pdf", FileNameHeader.encode("résumé.pdf"));
        assertEquals("UTF-8''%E6%8A%A5%E5%91%8A%202026.pdf", FileNameHeader.encode("报告 2026.pdf"));
        assertEquals("UTF-8''a%20b&c+d%25e#f%F0%9F%98%80", FileNameHeader.encode("a b&c+d%e#f😀"));
        assertEquals("UTF-8''!#$&+-.^_`|~AZaz09%2F%5C%27%22%3B%2C%3D%3F",
                FileNameHeader.encode("!#$&+-.^_`|~AZaz09/\\'\";,=?"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"résumé.pdf", "报告 2026.pdf", "Москва.txt", "a b & c + d % e # f.txt", "😀 emoji.bin",
        "../etc/passwd", "plain.bin", "%41", "x\u0000y"})
    void decodeReversesEncode(String name) {
        assertEquals(name, FileNameHeader.decode(FileNameHeader.encode(name)));
    }

    @Test
    void charsetInAnyCaseAndALanguageTagAreAccepted() {
        assertEquals("é", FileNameHeader.decode("utf-8''%C3%A9"));
        assertEquals("é", FileNameHeader.decode("UTF-8'fr-CA'%c3%a9"));
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        for (var bad : List.of(
                List.of("ISO-8859-1''%E9", "charset must be UTF-8"),
                List.of("%C3%A9", "must be UTF-8''"),
                List.of("UTF-8'%C3%A9", "must be UTF-8''"),
                List.of("UTF-8''%C3%A", "bad percent escape"),
                List.of("UTF-8''%G1", "bad percent escape"),
                List.of("UTF-8''%", "bad percent escape"),
                List.of("UTF-8''%C3", "not valid UTF-8"),
                List.of("UTF-8''%FF", "not valid UTF-8"),
                List.of("UTF-8''%ED%A0%80", "not valid UTF-8"),
                List.of("UTF-8''a b", "must be percent-encoded"),
                List.of("UTF-8''a/b", "must be percent-encoded"),
                List.of("UTF-8''é", "must be percent-encoded"),
                List.of("UTF-8''%\u0661\u0661", "bad percent escape"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FileNameHeader.decode(bad.get(0)), bad.get(0));
            assertTrue(e.getMessage().contains(bad.get(1)), bad.get(0) + ": " + e.getMessage());
            assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c <= 0x7E), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FileNameHeader.decode(null));
    }
}
