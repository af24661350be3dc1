package io.indexedcp.server.identity;

import io.indexedcp.server.config.Configuration;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The MicroProfile JWT settings this server reads, by their standard names so that an operator's
 * existing MicroProfile configuration applies as written. They are only read here: Payara's own
 * MP-JWT mechanism stays off, because it would claim every {@code Authorization: Bearer} header and
 * the API keys travel as Bearer too.
 *
 * @param publicKey the key itself (PEM, JWK or JWKS), which wins over {@code publicKeyLocation} as in MicroProfile JWT
 * @param audiences empty: {@code aud} is not checked
 */
record JwtSettings(String issuer, String publicKey, String publicKeyLocation, Duration clockSkew, Set<String> audiences) {

    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(JwtSettings.class.getName());

    static JwtSettings fromConfiguration() {
        return new JwtSettings(
                text(ISSUER), text(PUBLIC_KEY), text(PUBLIC_KEY_LOCATION), skew(text(CLOCK_SKEW)),
                Set.copyOf(Configuration.list(AUDIENCES, "")));
    }

    /** An issuer and a key to check its signatures: without both, no token is accepted. */
    boolean configured() {
        return issuer != null && (publicKey != null || publicKeyLocation != null);
    }

    /** Where the keys come from, for messages. */
    String keySource() {
        return publicKey != null ? PUBLIC_KEY : PUBLIC_KEY_LOCATION + " " + publicKeyLocation;
    }

    private static String text(String name) {
        return Configuration.value(name).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static Duration skew(String seconds) {
        if (seconds == null) {
            return DEFAULT_SKEW;
        }
        try {
            long value = Long.parseLong(seconds);
            if (value >= 0) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warning(() -> CLOCK_SKEW + " must be a number of seconds, not '" + seconds + "'; using "
                + DEFAULT_SKEW.toSeconds());
        return DEFAULT_SKEW;
    }
}
