package io.indexedcp.server.identity;

import java.security.PublicKey;

/**
 * One of the issuer's public keys.
 *
 * @param keyId the JWK's {@code kid}, null for a PEM key or a JWK without one
 * @param algorithm the JWK's {@code alg}, null if it does not restrict it
 */
record VerificationKey(String keyId, String algorithm, PublicKey key) {

    /** Whether a token with this header may have been signed by this key. */
    boolean mayHaveSigned(JoseAlgorithm tokenAlgorithm, String tokenKeyId) {
        return (keyId == null || tokenKeyId == null || keyId.equals(tokenKeyId))
                && (algorithm == null || algorithm.equals(tokenAlgorithm.name()))
                && tokenAlgorithm.fits(key);
    }
}
