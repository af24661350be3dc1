package io.indexedcp.server.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Where every setting is read: MicroProfile Config where the server has it (Payara, a full
 * GlassFish 7), so that its sources (and Payara's own, e.g. password aliases) keep working; on a
 * plain Jakarta EE 10 server without it (embedded GlassFish 7, a Tomcat-based one) the same names
 * from system properties, then environment variables, then the WAR's
 * {@code META-INF/microprofile-config.properties} — MicroProfile Config's own order. Read through
 * static methods rather than injected, because the tracking data source needs its settings outside
 * CDI, and an injected {@code @ConfigProperty} would stop the WAR from deploying where the API is
 * absent.
 */
public final class Configuration {

    private static final Logger LOG = Logger.getLogger(Configuration.class.getName());
    /** MicroProfile Config's spellings of {@code true} (its boolean converter), so both lookups agree. */
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "y", "on");

    private Configuration() {
    }

    /** The setting, if set and not empty (an empty value counts as unset, as in MicroProfile Config). */
    public static Optional<String> value(String name) {
        return Holder.LOOKUP.value(name).filter(value -> !value.isEmpty());
    }

    public static String value(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    public static long number(String name, long fallback) {
        return value(name).map(String::strip).map(Long::parseLong).orElse(fallback);
    }

    /** A size in bytes such as {@code 10G} or {@code 500M} ({@link Sizes}), if set. */
    public static Optional<Long> size(String name) {
        return value(name).map(Sizes::parse);
    }

    /** A number that may have a fraction, such as {@code 0.5}, if set. */
    public static Optional<Double> decimal(String name) {
        return value(name).map(String::strip).map(Double::parseDouble);
    }

    public static boolean flag(String name, boolean fallback) {
        return value(name).map(v -> TRUE.contains(v.strip().toLowerCase(Locale.ROOT))).orElse(fallback);
    }

    /** An ISO-8601 duration such as {@code P7D} or {@code PT10M}. */
    public static Duration duration(String name, String fallback) {
        return Duration.parse(value(name, fallback).strip());
    }

    /** A comma-separated list, each element stripped, empty ones dropped. */
    public static List<String> list(String name, String fallback) {
        return Arrays.stream(value(name, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Chosen once per deployment (this class is the WAR's own, so its static state is per application). */
    private static final class Holder {
        static final ConfigLookup LOOKUP = choose(Configuration.class.getClassLoader());
    }

    private static ConfigLookup choose(ClassLoader loader) {
        try {
            return MicroProfileLookup.of(loader);
        } catch (LinkageError | IllegalStateException absent) {
            // LinkageError: no MicroProfile Config API; IllegalStateException: the API without an implementation.
            LOG.info(() -> "No MicroProfile Config in this server (" + absent + "): settings are read from system"
                    + " properties, environment variables and META-INF/microprofile-config.properties");
            return new PlainLookup(loader);
        }
    }
}
