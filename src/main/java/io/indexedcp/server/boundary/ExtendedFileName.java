package io.indexedcp.server.boundary;

import io.indexedcp.server.control.InvalidFileNameException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The file name carried by {@code X-File-Name*}, an RFC 8187 ext-value: {@code UTF-8'[language]'<value>},
 * where the value is attr-chars and {@code %XX} escapes of UTF-8 bytes. It lets any name, in any
 * script, travel in a header that stays ASCII. Only UTF-8 is accepted (RFC 8187 requires it of
 * senders; ISO-8859-1 names already arrive readable in {@code X-File-Name}). The decoded name then
 * goes through the same base-name and safety rules as a plain one, so an encoded {@code ../} gains
 * nothing.
 */
final class ExtendedFileName {

    private ExtendedFileName() {
    }

    /** The name a chunk is for: {@code X-File-Name*} when sent, else {@code X-File-Name} as the container read it. */
    static String choose(String plain, String extended) {
        return extended == null ? HeaderText.decode(plain) : decode(extended);
    }

    static String decode(String extValue) {
        int firstQuote = extValue.indexOf('\'');
        int secondQuote = firstQuote < 0 ? -1 : extValue.indexOf('\'', firstQuote + 1);
        if (secondQuote < 0) {
            throw refused("expected UTF-8''<percent-encoded name>");
        }
        if (!extValue.substring(0, firstQuote).strip().equalsIgnoreCase("UTF-8")) {
            throw refused("only the UTF-8 charset is accepted");
        }
        String value = extValue.substring(secondQuote + 1).strip();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
                if (low < 0) {
                    throw refused("a '%' must be followed by two hex digits");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (isAttrChar(c)) {
                bytes.write(c);
            } else {
                throw refused("'" + c + "' must be percent-encoded");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refused("the percent-encoded bytes are not UTF-8");
        }
    }

    /** RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~". */
    private static boolean isAttrChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }

    private static InvalidFileNameException refused(String reason) {
        return new InvalidFileNameException("X-File-Name*: " + reason);
    }
}
