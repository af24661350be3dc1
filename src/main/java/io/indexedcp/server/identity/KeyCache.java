package io.indexedcp.server.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * The issuer's keys, loaded at the first token rather than at deployment (an identity provider
 * that is down must not stop the server from starting: API keys still work), then kept. A failed
 * load is retried, and a token naming a {@code kid} we do not hold (the provider has rotated its
 * keys) reloads them, both at most once per {@link #RELOAD_AFTER}, so that bad tokens cannot make
 * the server hammer the provider.
 */
final class KeyCache {

    static final Duration RELOAD_AFTER = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(KeyCache.class.getName());

    /** Reads the keys from wherever the settings say. */
    @FunctionalInterface
    interface Loader {
        List<VerificationKey> load() throws Exception;
    }

    private final Loader loader;
    private final String source;
    private final Clock clock;
    private volatile List<VerificationKey> keys = List.of();
    /** When the last load was tried, successful or not; null before the first. */
    private Instant lastAttempt;

    KeyCache(Loader loader, String source, Clock clock) {
        this.loader = loader;
        this.source = source;
        this.clock = clock;
    }

    static KeyCache of(JwtSettings settings, Clock clock) {
        Loader loader = settings.publicKey() != null
                ? () -> VerificationKeys.parse(settings.publicKey())
                : () -> VerificationKeys.at(settings.publicKeyLocation());
        return new KeyCache(loader, settings.keySource(), clock);
    }

    /** The keys, loading them first if none are held and a load is due. */
    List<VerificationKey> keys() {
        List<VerificationKey> held = keys;
        return held.isEmpty() ? reload() : held;
    }

    /** Loads the keys again if the last attempt is older than {@link #RELOAD_AFTER}; the keys held after that. */
    synchronized List<VerificationKey> reload() {
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(RELOAD_AFTER))) {
            return keys;
        }
        lastAttempt = now;
        try {
            List<VerificationKey> loaded = List.copyOf(loader.load());
            keys = loaded;
            LOG.info(() -> "JWT verification keys loaded from " + source + ": " + loaded.size());
        } catch (Exception e) {
            LOG.warning(() -> "Cannot load the JWT verification keys from " + source + " (" + e
                    + "); tokens are refused, next try in " + RELOAD_AFTER.toSeconds() + " s at the earliest");
        }
        return keys;
    }
}
