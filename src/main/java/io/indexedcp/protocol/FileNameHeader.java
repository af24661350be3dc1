package io.indexedcp.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The file name in {@code X-File-Name*}: an RFC 8187 ext-value, {@code UTF-8''<percent-encoded UTF-8
 * bytes>}, so that a name with any character survives a header, which carries ASCII only. Both sides
 * use it: the client encodes, the server decodes.
 *
 * <p>A client sends a name of printable ASCII as it always has, in {@code X-File-Name} alone; any
 * other name goes in {@code X-File-Name*} and, for a server that does not know that header, in
 * {@code X-File-Name} too, as the same percent-encoded text (ASCII, so no server refuses it).
 */
public final class FileNameHeader {

    private static final String UTF_8_PREFIX = "UTF-8''";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileNameHeader() {
    }

    /** Whether {@code name} can go into {@code X-File-Name} as it is: printable ASCII only (0x20–0x7E). */
    public static boolean isPlain(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** {@code UTF-8''} followed by the name's UTF-8 bytes, attr-chars literal, every other byte {@code %XX}. */
    public static String encode(String name) {
        return UTF_8_PREFIX + percentEncode(name);
    }

    /**
     * The name's UTF-8 bytes with RFC 8187 attr-chars literal and every other byte as {@code %XX}
     * (uppercase hex); also the {@code X-File-Name} fallback for a name that is not plain.
     */
    public static String percentEncode(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int unsigned = b & 0xFF;
            if (isAttrChar(unsigned)) {
                out.append((char) unsigned);
            } else {
                out.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * The name in an ext-value {@code charset'[language]'value-chars}. The charset must be UTF-8 (in
     * any case); a language tag is allowed and ignored.
     *
     * @throws IllegalArgumentException when the value is not such an ext-value, names another charset,
     *         has a character that is neither an attr-char nor part of a {@code %XX} escape, a bad
     *         escape, or bytes that are not UTF-8
     */
    public static String decode(String extValue) {
        if (extValue == null) {
            throw new IllegalArgumentException("X-File-Name* is missing");
        }
        int first = extValue.indexOf('\'');
        int second = first < 0 ? -1 : extValue.indexOf('\'', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("X-File-Name* must be UTF-8''<percent-encoded name>, was '"
                    + printable(extValue) + "'");
        }
        String charset = extValue.substring(0, first);
        if (!charset.toUpperCase(Locale.ROOT).equals("UTF-8")) {
            throw new IllegalArgumentException("X-File-Name* charset must be UTF-8, was '" + printable(charset) + "'");
        }
        return percentDecode(extValue.substring(second + 1));
    }

    private static String percentDecode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 1 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0 || value.charAt(i + 1) > 0x7F || value.charAt(i + 2) > 0x7F) {
                    throw new IllegalArgumentException("X-File-Name* has a bad percent escape at position "
                            + (i + 1) + ": '" + printable(value.substring(i, Math.min(value.length(), i + 3))) + "'");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80 && isAttrChar(c)) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("X-File-Name* has a character that must be percent-encoded at position "
                        + (i + 1) + ": '" + printable(String.valueOf(c)) + "'");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("X-File-Name* is not valid UTF-8 once decoded");
        }
    }

    /** RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~". */
    private static boolean isAttrChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }

    /** For error messages: control and non-ASCII characters shown as {@code \\uXXXX}, so a message stays one clean line. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(60).forEach(cp -> {
            if (cp >= 0x20 && cp <= 0x7E) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04X", cp));
            }
        });
        return out.toString();
    }
}
