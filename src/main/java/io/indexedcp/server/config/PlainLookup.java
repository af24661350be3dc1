package io.indexedcp.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings where the server has no MicroProfile Config: a system property of the name, else an
 * environment variable, else the defaults in the WAR's {@code META-INF/microprofile-config.properties}
 * (the order of MicroProfile Config's default sources, 400 / 300 / 100).
 */
final class PlainLookup implements ConfigLookup {

    static final String DEFAULTS = "META-INF/microprofile-config.properties";

    private final Properties defaults = new Properties();

    PlainLookup(ClassLoader loader) {
        try {
            for (URL file : Collections.list(loader.getResources(DEFAULTS))) {
                try (InputStream in = file.openStream()) {
                    defaults.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS, e);
        }
    }

    @Override
    public Optional<String> value(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name);
        }
        if (value == null) {
            value = defaults.getProperty(name);
        }
        return Optional.ofNullable(value);
    }
}
