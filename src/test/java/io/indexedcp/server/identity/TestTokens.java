package io.indexedcp.server.identity;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Tokens signed in the test with keys made at test time, the way an identity provider makes them;
 * written independently of the classes under test (the EC signature is converted from the JDK's
 * DER to JOSE's {@code r || s} here by hand).
 */
final class TestTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObjectBuilder header(String alg, String kid) {
        JsonObjectBuilder header = Json.createObjectBuilder().add("alg", alg).add("typ", "JWT");
        return kid == null ? header : header.add("kid", kid);
    }

    /** {@code header.payload} signed as the header's {@code alg} says, with {@code key}. */
    static String sign(JsonObject header, JsonObject claims, PrivateKey key) {
        String input = unsigned(header, claims);
        try {
            byte[] signature;
            switch (header.getString("alg")) {
                case "RS256" -> {
                    Signature signer = Signature.getInstance("SHA256withRSA");
                    signer.initSign(key);
                    signer.update(input.getBytes(StandardCharsets.US_ASCII));
                    signature = signer.sign();
                }
                case "ES256" -> {
                    Signature signer = Signature.getInstance("SHA256withECDSA");
                    signer.initSign(key);
                    signer.update(input.getBytes(StandardCharsets.US_ASCII));
                    signature = derToJose(signer.sign());
                }
                default -> throw new IllegalArgumentException(header.getString("alg"));
            }
            return input + "." + URL.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String unsigned(JsonObject header, JsonObject claims) {
        return part(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + part(claims.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String part(byte[] bytes) {
        return URL.encodeToString(bytes);
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    static JsonObject jwk(PublicKey key, String kid) {
        JsonObjectBuilder jwk = Json.createObjectBuilder().add("kid", kid).add("use", "sig");
        if (key instanceof RSAPublicKey rsa) {
            return jwk.add("kty", "RSA").add("n", unsigned(rsa.getModulus(), 0))
                    .add("e", unsigned(rsa.getPublicExponent(), 0)).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        return jwk.add("kty", "EC").add("crv", "P-256").add("x", unsigned(ec.getW().getAffineX(), 32))
                .add("y", unsigned(ec.getW().getAffineY(), 32)).build();
    }

    /** Base64url of the unsigned big-endian bytes, left-padded to {@code length} (0: no padding). */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length < length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return URL.encodeToString(bytes);
    }

    /** DER {@code SEQUENCE {INTEGER r, INTEGER s}} to the 64 bytes {@code r || s}. */
    private static byte[] derToJose(byte[] der) {
        int offset = 2; // SEQUENCE tag and one length byte: under 128 bytes for P-256
        byte[] jose = new byte[64];
        for (int i = 0; i < 2; i++) {
            int length = der[offset + 1];
            byte[] integer = Arrays.copyOfRange(der, offset + 2, offset + 2 + length);
            BigInteger value = new BigInteger(1, integer);
            byte[] raw = value.toByteArray();
            int start = raw.length > 32 ? raw.length - 32 : 0;
            System.arraycopy(raw, start, jose, i * 32 + 32 - (raw.length - start), raw.length - start);
            offset += 2 + length;
        }
        return jose;
    }
}
