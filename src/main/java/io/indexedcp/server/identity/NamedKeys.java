package io.indexedcp.server.identity;

import io.indexedcp.protocol.ApiKeys;
import io.indexedcp.server.config.Configuration;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The callers of {@code INDEXEDCP_KEYS_FILE}, one a line: {@code name role sha256-hex-of-key}
 * ({@link KeyLines}). Only the hashes are held, and a key is looked up by comparing its hash with
 * every entry's in constant time, so neither memory nor answer time gives a key away. The file is
 * re-read when it changes ({@link KeysFile}). Keys are made by {@code indexedcp keygen}
 * ({@link ApiKeys}).
 */
@ApplicationScoped
public class NamedKeys {

    public static final String PROPERTY = "INDEXEDCP_KEYS_FILE";
    private static final Logger LOG = Logger.getLogger(NamedKeys.class.getName());

    /** Null when no keys file is configured. */
    private KeysFile file;

    public NamedKeys() {
    }

    /** For tests: this file instead of the configuration's, checked on this clock. */
    NamedKeys(Path file, Clock clock) {
        open(file, clock);
    }

    @PostConstruct
    void init() {
        Optional<Path> path = Configuration.value(PROPERTY).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
        if (path.isEmpty()) {
            return;
        }
        LOG.info(() -> "Named API keys are read from " + path.get() + " (" + PROPERTY + ")");
        open(path.get(), Clock.systemUTC());
    }

    private void open(Path path, Clock clock) {
        file = new KeysFile(path, clock);
        file.entries(); // read at start, so that a bad line is reported before the first request
    }

    /** The caller whose key this is, if any. */
    public Optional<Caller> find(String key) {
        if (file == null || key == null) {
            return Optional.empty();
        }
        byte[] hash = ApiKeys.sha256(key);
        List<KeyLines.Entry> entries = file.entries();
        Caller found = null;
        for (KeyLines.Entry entry : entries) {
            // Every entry is compared, and no comparison stops early: the time taken does not depend on which matched.
            boolean match = MessageDigest.isEqual(entry.keyHash(), hash);
            if (match && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }
}
