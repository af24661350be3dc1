package io.indexedcp.server.identity;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Optional;

/**
 * The signature algorithms a token may use (RFC 7518 §3.1), and nothing else: no {@code none}, and
 * no {@code HS*}, whose shared secret would let anyone holding the "public" key forge tokens. The
 * algorithm must also fit the key, so that a token cannot choose how an RSA key is used.
 */
enum JoseAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256, on an RSA key of 2048 bits or more. */
    RS256("SHA256withRSA"),
    /**
     * ECDSA on P-256 with SHA-256. JOSE sends the signature as the raw {@code r || s} (RFC 7518
     * §3.4), which is the JDK's "P1363 format": no conversion to DER needed.
     */
    ES256("SHA256withECDSAinP1363Format");

    /** The curve of ES256, to build JWK keys on and to check a PEM key's curve against. */
    static final ECParameterSpec P256 = p256();
    private static final int MIN_RSA_BITS = 2048;
    private static final int ES256_SIGNATURE_BYTES = 64;

    private final String jdkName;

    JoseAlgorithm(String jdkName) {
        this.jdkName = jdkName;
    }

    /** The algorithm a header's {@code alg} names, if it is one we accept (the name is case-sensitive). */
    static Optional<JoseAlgorithm> of(String alg) {
        for (JoseAlgorithm algorithm : values()) {
            if (algorithm.name().equals(alg)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** Whether the key is of the kind this algorithm signs with. */
    boolean fits(PublicKey key) {
        return switch (this) {
            case RS256 -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
            case ES256 -> key instanceof ECPublicKey ec && onP256(ec);
        };
    }

    private static boolean onP256(ECPublicKey key) {
        ECParameterSpec params = key.getParams();
        return params.getCurve().equals(P256.getCurve()) && params.getOrder().equals(P256.getOrder())
                && params.getGenerator().equals(P256.getGenerator());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has P-256", e);
        }
    }

    /** Whether {@code signature} is this algorithm's signature of {@code input} by {@code key}. */
    boolean verify(PublicKey key, byte[] input, byte[] signature) {
        if (!fits(key) || (this == ES256 && signature.length != ES256_SIGNATURE_BYTES)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jdkName);
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
