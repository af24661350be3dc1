package io.indexedcp.server.entity;

import io.indexedcp.server.config.Configuration;
import io.indexedcp.server.config.ServerSettings;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which database holds the tracking tables, chosen by {@code INDEXEDCP_DB_URL}: unset, the SQLite
 * file in the output directory (one node); {@code jdbc:postgresql://…}, a PostgreSQL database that
 * several nodes share. Everything that differs between the two starts here: how connections are
 * made, the Hibernate dialect and the folder of schema migrations.
 *
 * <p>Read through {@link Configuration} rather than injected: the data source that needs it is
 * made by the container's connection pool, outside CDI.
 */
public record TrackingDatabase(Kind kind, String url, String user, String password) {

    public static final String DB_URL = "INDEXEDCP_DB_URL";
    public static final String DB_USER = "INDEXEDCP_DB_USER";
    public static final String DB_PASSWORD = "INDEXEDCP_DB_PASSWORD";

    /** The databases the server speaks, with their Hibernate dialect and migrations folder. */
    public enum Kind {
        SQLITE("org.hibernate.community.dialect.SQLiteDialect", "sqlite"),
        POSTGRESQL("org.hibernate.dialect.PostgreSQLDialect", "postgresql");

        final String dialect;
        final String migrations;

        Kind(String dialect, String migrations) {
            this.dialect = dialect;
            this.migrations = "classpath:db/migration/" + migrations;
        }

        /** The kind a JDBC URL names; anything but SQLite and PostgreSQL is refused. */
        static Kind of(String url) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (lower.startsWith("jdbc:sqlite:")) {
                return SQLITE;
            }
            if (lower.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new IllegalArgumentException(DB_URL + " must be a jdbc:postgresql:// or jdbc:sqlite: URL, not " + url);
        }
    }

    /** The database the configuration names. */
    public static TrackingDatabase configured() {
        String url = Configuration.value(DB_URL).map(String::trim).filter(u -> !u.isEmpty())
                .orElseGet(TrackingDatabase::defaultUrl);
        return new TrackingDatabase(Kind.of(url), url, Configuration.value(DB_USER).orElse(null),
                Configuration.value(DB_PASSWORD).orElse(null));
    }

    /** The zero-configuration default: {@code <output dir>/.indexcp_chunks.db}. */
    private static String defaultUrl() {
        String outputDir = Configuration.value(ServerSettings.OUTPUT_DIR, "./uploads");
        return "jdbc:sqlite:" + Path.of(outputDir).resolve(ServerSettings.TRACKING_DATABASE_FILE);
    }

    /** Whether several nodes may share this database (SQLite's locks do not reach across hosts). */
    public boolean shared() {
        return kind == Kind.POSTGRESQL;
    }

    /** The URL without its password, for logs. */
    public String describe() {
        int query = url.indexOf('?');
        return kind + " " + (query < 0 ? url : url.substring(0, query));
    }
}
