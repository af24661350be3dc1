package io.indexedcp.protocol;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * RFC 9530 {@code Content-Digest} for SHA-256: {@code sha-256=:<base64 of the 32 bytes>:}. Both
 * sides use it, so it lives with the protocol.
 */
public final class ContentDigests {

    private static final String SHA_256 = "sha-256";

    private ContentDigests() {
    }

    public static String sha256Header(byte[] digest) {
        return SHA_256 + "=:" + Base64.getEncoder().encodeToString(digest) + ":";
    }

    public static String sha256HeaderFromHex(String hex) {
        return sha256Header(HexFormat.of().parseHex(hex));
    }

    /**
     * The SHA-256 in a {@code Content-Digest} value, as hex; empty when the header names no
     * SHA-256 (other algorithms are ignored, as the RFC allows).
     *
     * @throws IllegalArgumentException when a sha-256 member is present but malformed
     */
    public static Optional<String> sha256Hex(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String member : header.split(",")) {
            String[] pair = member.strip().split("=", 2);
            if (pair.length != 2 || !pair[0].strip().equalsIgnoreCase(SHA_256)) {
                continue;
            }
            String value = pair[1].strip();
            if (value.length() < 2 || !value.startsWith(":") || !value.endsWith(":")) {
                throw new IllegalArgumentException("sha-256 digest must be a byte sequence :<base64>:");
            }
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sha-256 digest is not valid base64");
            }
            if (digest.length != 32) {
                throw new IllegalArgumentException("sha-256 digest must be 32 bytes, not " + digest.length);
            }
            return Optional.of(HexFormat.of().formatHex(digest));
        }
        return Optional.empty();
    }
}
