package io.indexedcp.server.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one API key of this server. Configured through {@code INDEXEDCP_API_KEY}; without it a random
 * 256-bit key is generated at start and logged once, so a first start needs no setup. Several
 * instances behind one load balancer must share a configured key.
 */
@ApplicationScoped
public class ApiKey {

    public static final String PROPERTY = "INDEXEDCP_API_KEY";
    private static final Logger LOG = Logger.getLogger(ApiKey.class.getName());

    @Inject
    @ConfigProperty(name = PROPERTY)
    Optional<String> configured;

    private byte[] key;
    private boolean generated;

    @PostConstruct
    void init() {
        String value = configured.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (value == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            value = HexFormat.of().formatHex(random);
            generated = true;
        }
        key = value.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so the answer time tells nothing about how much of a guess was right. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(key, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Logs where the key came from; the key itself only when this server made it up. */
    public void announce() {
        if (generated) {
            LOG.warning(() -> "No " + PROPERTY + " configured; generated API key for this run: "
                    + new String(key, StandardCharsets.UTF_8));
        } else {
            LOG.info(() -> "API key taken from configuration (" + PROPERTY + ")");
        }
    }
}
