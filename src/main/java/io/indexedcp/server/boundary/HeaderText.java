package io.indexedcp.server.boundary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a header value whose bytes the container handed over one char per byte (ISO-8859-1).
 * Clients disagree on how to put a non-ASCII name into a header: the Python IndexedCP client sends
 * Latin-1 bytes, others send UTF-8. Bytes that form valid UTF-8 with at least one multi-byte
 * sequence are read as UTF-8 (Latin-1 text almost never does: it would need an accented capital
 * followed by a symbol from 0x80–0xBF); anything else is Latin-1, as received.
 */
final class HeaderText {

    private HeaderText() {
    }

    static String decode(String value) {
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.length()];
        boolean beyondAscii = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value; // already decoded by the container: nothing to reinterpret
            }
            beyondAscii |= c > 0x7F;
            bytes[i] = (byte) c;
        }
        if (!beyondAscii) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException latin1) {
            return value;
        }
    }
}
