package io.indexedcp.server.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The callers of {@code INDEXEDCP_KEYS_FILE} (to be written: issue 14). */
@ApplicationScoped
public class NamedKeys {

    /** The caller whose key this is, if any. */
    public Optional<Caller> find(String key) {
        return Optional.empty();
    }
}
