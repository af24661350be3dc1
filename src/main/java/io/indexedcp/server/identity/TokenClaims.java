package io.indexedcp.server.identity;

import io.indexedcp.protocol.PrincipalNames;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a token whose signature is good, checked as MicroProfile JWT does (issuer, time,
 * audience) and turned into a caller: the name from {@code upn}, else {@code preferred_username},
 * else {@code sub}; the role from {@code groups}, the strongest one named. A token that gives no
 * IndexedCP role, or a name unsafe as a directory, is refused rather than given a guess.
 */
final class TokenClaims {

    /** The claims that may name the caller, in MicroProfile JWT's order. */
    private static final List<String> NAME_CLAIMS = List.of("upn", "preferred_username", "sub");
    /** Strongest first: a member of several groups gets the most it is granted. */
    private static final List<Role> STRONGEST_FIRST = List.of(Role.ADMIN, Role.UPLOADER, Role.READER);

    private static final BigDecimal EARLIEST = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
    private static final BigDecimal LATEST = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private TokenClaims() {
    }

    static Caller caller(JsonObject claims, JwtSettings settings, Instant now) throws TokenRefusedException {
        checkIssuer(claims, settings.issuer());
        checkTime(claims, settings, now);
        checkAudience(claims, settings.audiences());
        return new Caller(name(claims), role(claims));
    }

    private static void checkIssuer(JsonObject claims, String issuer) throws TokenRefusedException {
        if (!SignedToken.string(claims, "iss").map(issuer::equals).orElse(false)) {
            throw new TokenRefusedException("iss is missing or not the configured issuer");
        }
    }

    private static void checkTime(JsonObject claims, JwtSettings settings, Instant now) throws TokenRefusedException {
        long skew = settings.clockSkew().toSeconds();
        long seconds = now.getEpochSecond();
        long expiry = time(claims, "exp").orElseThrow(() -> new TokenRefusedException("exp is missing"));
        if (seconds >= expiry + skew) {
            throw new TokenRefusedException("expired at " + Instant.ofEpochSecond(expiry));
        }
        for (String claim : new String[] {"nbf", "iat"}) {
            Optional<Long> at = time(claims, claim);
            if (at.isPresent() && at.get() > seconds + skew) {
                throw new TokenRefusedException(claim + " is in the future: " + Instant.ofEpochSecond(at.get()));
            }
        }
    }

    private static void checkAudience(JsonObject claims, Set<String> audiences) throws TokenRefusedException {
        if (audiences.isEmpty()) {
            return;
        }
        JsonValue aud = claims.get("aud");
        boolean matches = aud instanceof JsonString one ? audiences.contains(one.getString())
                : aud instanceof JsonArray many && strings(many).stream().anyMatch(audiences::contains);
        if (!matches) {
            throw new TokenRefusedException("aud names none of the configured audiences");
        }
    }

    private static String name(JsonObject claims) throws TokenRefusedException {
        for (String claim : NAME_CLAIMS) {
            if (claims.containsKey(claim)) {
                String name = SignedToken.string(claims, claim)
                        .orElseThrow(() -> new TokenRefusedException(claim + " is not a string"));
                Optional<String> problem = PrincipalNames.problem(name);
                if (problem.isPresent()) {
                    throw new TokenRefusedException(claim + " cannot name a caller: " + problem.get());
                }
                return name;
            }
        }
        throw new TokenRefusedException("none of upn, preferred_username, sub names the caller");
    }

    private static Role role(JsonObject claims) throws TokenRefusedException {
        Set<Role> granted = EnumSet.noneOf(Role.class);
        if (claims.get("groups") instanceof JsonArray groups) {
            strings(groups).forEach(group -> Role.parse(group).ifPresent(granted::add));
        }
        return STRONGEST_FIRST.stream().filter(granted::contains).findFirst()
                .orElseThrow(() -> new TokenRefusedException("groups names no IndexedCP role (admin, uploader, reader)"));
    }

    /** A numeric date (RFC 7519 §2): seconds since the epoch, possibly with a fraction, which is dropped. */
    private static Optional<Long> time(JsonObject claims, String claim) throws TokenRefusedException {
        JsonValue value = claims.get(claim);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            throw new TokenRefusedException(claim + " is not a number");
        }
        // Clamped to what an Instant holds, so that an absurd date cannot wrap around into a plausible one.
        return Optional.of(number.bigDecimalValue().max(EARLIEST).min(LATEST).longValue());
    }

    private static List<String> strings(JsonArray array) {
        return array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList();
    }
}
