package io.indexedcp.server.identity;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bearer JWTs of the enterprise's identity provider, checked against the MicroProfile JWT settings
 * ({@link JwtSettings}) by this class rather than by Payara's MP-JWT mechanism, which would take
 * over every Bearer header, API keys included. In order: the token's form ({@link SignedToken}),
 * its algorithm ({@link JoseAlgorithm}: RS256 or ES256 only), its signature by one of the issuer's
 * keys ({@link KeyCache}), and only then its claims ({@link TokenClaims}). A refused token is
 * logged at FINE with the reason, never the token.
 */
@ApplicationScoped
public class JwtVerifier {

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class.getName());

    private JwtSettings settings;
    private KeyCache keys;
    private Clock clock;

    public JwtVerifier() {
    }

    /** For tests: these settings instead of the configuration's, and this clock. */
    JwtVerifier(JwtSettings settings, Clock clock) {
        use(settings, clock);
    }

    @PostConstruct
    void init() {
        use(JwtSettings.fromConfiguration(), Clock.systemUTC());
        if (configured()) {
            LOG.info(() -> "JWTs of issuer " + settings.issuer() + " are accepted, keys from " + settings.keySource());
        } else if (settings.issuer() != null || settings.publicKey() != null || settings.publicKeyLocation() != null) {
            LOG.warning(() -> "JWTs are not accepted: " + JwtSettings.ISSUER + " and one of " + JwtSettings.PUBLIC_KEY
                    + ", " + JwtSettings.PUBLIC_KEY_LOCATION + " are all needed");
        }
    }

    private void use(JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keys = settings.configured() ? KeyCache.of(settings, clock) : null;
    }

    /** Whether an issuer and key are configured; without them no token is accepted. */
    public boolean configured() {
        return settings != null && settings.configured();
    }

    /** The caller a valid token names; empty for any token that is not valid. */
    public Optional<Caller> verify(String token) {
        if (!configured()) {
            return Optional.empty();
        }
        try {
            return Optional.of(check(token));
        } catch (TokenRefusedException e) {
            LOG.fine(() -> "JWT refused: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // A case the checks above did not foresee: still a refusal (401), not a server error.
            LOG.log(Level.WARNING, "JWT refused: unexpected failure while checking it", e);
            return Optional.empty();
        }
    }

    private Caller check(String token) throws TokenRefusedException {
        SignedToken signed = SignedToken.parse(token);
        String alg = signed.algorithm().orElseThrow(() -> new TokenRefusedException("no alg in the header"));
        JoseAlgorithm algorithm = JoseAlgorithm.of(alg)
                .orElseThrow(() -> new TokenRefusedException("alg " + printable(alg) + " is not RS256 or ES256"));
        if (signed.hasCriticalExtensions()) {
            throw new TokenRefusedException("the header has 'crit' extensions, which are not supported");
        }
        String kid = signed.keyId().orElse(null);
        List<VerificationKey> candidates = candidates(keys.keys(), algorithm, kid);
        if (candidates.isEmpty()) {
            // The provider may have rotated its keys since they were loaded.
            candidates = candidates(keys.reload(), algorithm, kid);
        }
        if (candidates.isEmpty()) {
            throw new TokenRefusedException("no " + algorithm + " key" + (kid == null ? "" : " with its kid")
                    + " among the issuer's keys");
        }
        byte[] input = signed.signingInput();
        byte[] signature = signed.signature();
        if (candidates.stream().noneMatch(key -> algorithm.verify(key.key(), input, signature))) {
            throw new TokenRefusedException("the signature is not the issuer's");
        }
        return TokenClaims.caller(signed.claims(), settings, clock.instant());
    }

    private static List<VerificationKey> candidates(List<VerificationKey> keys, JoseAlgorithm algorithm, String kid) {
        return keys.stream().filter(key -> key.mayHaveSigned(algorithm, kid)).toList();
    }

    /** An {@code alg} as far as it is safe to log: short, and without control characters. */
    private static String printable(String alg) {
        String shortened = alg.length() > 16 ? alg.substring(0, 16) + "…" : alg;
        return "'" + shortened.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
