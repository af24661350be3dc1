package io.indexedcp.server.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Bearer JWTs of the enterprise's identity provider (to be written: issue 14). */
@ApplicationScoped
public class JwtVerifier {

    /** Whether an issuer and key are configured; without them no token is accepted. */
    public boolean configured() {
        return false;
    }

    /** The caller a valid token names; empty for any token that is not valid. */
    public Optional<Caller> verify(String token) {
        return Optional.empty();
    }
}
