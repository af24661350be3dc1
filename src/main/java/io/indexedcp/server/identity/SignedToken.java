package io.indexedcp.server.identity;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A JWT in JWS compact form (RFC 7515 §7.1): {@code header.payload.signature}, each part base64url
 * without padding. Parsing only takes it apart; nothing in it is to be believed before
 * {@link JoseAlgorithm#verify} has checked the signature over {@link #signingInput()}.
 */
final class SignedToken {

    /** Far above any identity provider's token; a bound so that a huge header costs nothing to refuse. */
    static final int MAX_LENGTH = 16 * 1024;

    private final JsonObject header;
    private final JsonObject claims;
    private final byte[] signingInput;
    private final byte[] signature;

    private SignedToken(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature) {
        this.header = header;
        this.claims = claims;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    static SignedToken parse(String token) throws TokenRefusedException {
        if (token == null || token.isEmpty()) {
            throw new TokenRefusedException("no token");
        }
        if (token.length() > MAX_LENGTH) {
            throw new TokenRefusedException("longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new TokenRefusedException("not three dot-separated parts (a JWS in compact form)");
        }
        JsonObject header = json(decode(parts[0], "header"), "header");
        JsonObject claims = json(decode(parts[1], "payload"), "payload");
        byte[] signature = decode(parts[2], "signature");
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new SignedToken(header, claims, signingInput, signature);
    }

    /** The header's {@code alg}; empty if absent or not a string. */
    Optional<String> algorithm() {
        return string(header, "alg");
    }

    /** The header's {@code kid}: which of the issuer's keys signed it. */
    Optional<String> keyId() {
        return string(header, "kid");
    }

    /** Whether the header lists extensions the recipient must understand (RFC 7515 §4.1.11); we know none. */
    boolean hasCriticalExtensions() {
        return header.containsKey("crit");
    }

    JsonObject claims() {
        return claims;
    }

    byte[] signingInput() {
        return signingInput.clone();
    }

    byte[] signature() {
        return signature.clone();
    }

    static Optional<String> string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
    }

    private static byte[] decode(String part, String what) throws TokenRefusedException {
        if (part.indexOf('=') >= 0) {
            throw new TokenRefusedException("the " + what + " is padded base64url");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new TokenRefusedException("the " + what + " is not base64url");
        }
    }

    private static JsonObject json(byte[] bytes, String what) throws TokenRefusedException {
        try (var reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new TokenRefusedException("the " + what + " is not a JSON object");
        }
    }
}
