package io.indexedcp.server.identity;

import io.indexedcp.server.config.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The caller a bearer credential names: the key of {@code INDEXEDCP_API_KEY} (or the output
 * directory's generated key) is the {@code default} admin, so old clients keep working unchanged;
 * then the named keys of {@code INDEXEDCP_KEYS_FILE}; then, for a credential shaped like a JWT,
 * the identity provider's token. Every comparison is in constant time.
 */
@ApplicationScoped
public class Authenticator {

    @Inject
    ApiKey apiKey;

    @Inject
    NamedKeys namedKeys;

    @Inject
    JwtVerifier tokens;

    /** The caller, or empty when the credential is missing or matches nothing. */
    public Optional<Caller> authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isEmpty()) {
            return Optional.empty();
        }
        if (apiKey.matches(bearerToken)) {
            return Optional.of(Caller.defaultAdmin());
        }
        Optional<Caller> named = namedKeys.find(bearerToken);
        if (named.isPresent()) {
            return named;
        }
        return looksLikeJwt(bearerToken) && tokens.configured() ? tokens.verify(bearerToken) : Optional.empty();
    }

    /** Three dot-separated parts: what a compact JWS is, and what no generated key contains. */
    private static boolean looksLikeJwt(String token) {
        return token.indexOf('.') > 0 && token.chars().filter(c -> c == '.').count() == 2;
    }
}
