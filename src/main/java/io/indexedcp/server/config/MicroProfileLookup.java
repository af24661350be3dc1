package io.indexedcp.server.config;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Settings from the server's MicroProfile Config. The only class of this package that names the
 * API: where it is absent, {@link #of} fails with a {@link LinkageError} and nothing else breaks.
 */
final class MicroProfileLookup implements ConfigLookup {

    private final Config config;

    private MicroProfileLookup(Config config) {
        this.config = config;
    }

    /** Throws {@link LinkageError} without the API, {@link IllegalStateException} without an implementation. */
    static ConfigLookup of(ClassLoader loader) {
        return new MicroProfileLookup(ConfigProvider.getConfig(loader));
    }

    @Override
    public Optional<String> value(String name) {
        return config.getOptionalValue(name, String.class);
    }
}
