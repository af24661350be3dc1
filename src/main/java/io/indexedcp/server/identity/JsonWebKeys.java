package io.indexedcp.server.identity;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Public keys from a JWK or a JWK Set (RFC 7517), as identity providers publish them at their
 * {@code jwks_uri}: RSA ({@code n}, {@code e}) and EC on P-256 ({@code x}, {@code y}). A set may
 * hold keys for other uses (encryption, other curves); those are passed over, not fatal.
 */
final class JsonWebKeys {

    private static final Logger LOG = Logger.getLogger(JsonWebKeys.class.getName());

    private JsonWebKeys() {
    }

    /** The signing keys of a JWK Set ({@code {"keys": [...]}}) or of a single JWK. */
    static List<VerificationKey> parse(JsonObject json) throws GeneralSecurityException {
        if (!json.containsKey("keys")) {
            return List.of(key(json).orElseThrow(() -> new GeneralSecurityException("not an RSA or P-256 signing JWK")));
        }
        List<VerificationKey> keys = new ArrayList<>();
        for (JsonValue value : json.getJsonArray("keys")) {
            if (value instanceof JsonObject jwk) {
                key(jwk).ifPresent(keys::add);
            }
        }
        if (keys.isEmpty()) {
            throw new GeneralSecurityException("the JWK Set holds no RSA or P-256 signing key");
        }
        return List.copyOf(keys);
    }

    private static Optional<VerificationKey> key(JsonObject jwk) throws GeneralSecurityException {
        String kty = SignedToken.string(jwk, "kty").orElse("");
        Optional<String> use = SignedToken.string(jwk, "use");
        String kid = SignedToken.string(jwk, "kid").orElse(null);
        if (use.isPresent() && !use.get().equals("sig")) {
            return Optional.empty();
        }
        PublicKey key = switch (kty) {
            case "RSA" -> KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e")));
            case "EC" -> {
                if (!"P-256".equals(SignedToken.string(jwk, "crv").orElse(""))) {
                    yield null;
                }
                ECPoint point = new ECPoint(number(jwk, "x"), number(jwk, "y"));
                yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, JoseAlgorithm.P256));
            }
            default -> null;
        };
        if (key == null) {
            LOG.fine(() -> "JWK " + kid + " skipped: kty " + kty + " is not RSA or EC P-256");
            return Optional.empty();
        }
        return Optional.of(new VerificationKey(kid, SignedToken.string(jwk, "alg").orElse(null), key));
    }

    /** A JWK's unsigned big-endian integer member, base64url (RFC 7518 §2 "Base64urlUInt"). */
    private static BigInteger number(JsonObject jwk, String member) throws GeneralSecurityException {
        String text = SignedToken.string(jwk, member)
                .orElseThrow(() -> new GeneralSecurityException("JWK member '" + member + "' missing"));
        try {
            return new BigInteger(1, Base64.getUrlDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("JWK member '" + member + "' is not base64url");
        }
    }
}
