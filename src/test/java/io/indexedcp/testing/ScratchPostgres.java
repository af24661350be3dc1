package io.indexedcp.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A PostgreSQL database made for one run and dropped after it, on the machine's PostgreSQL
 * ({@code indexedcp.it.pg}, default 127.0.0.1:5432, user postgres, trust), so that runs never
 * see each other's rows. Shared by the scale-out test and the benchmark.
 */
public final class ScratchPostgres implements AutoCloseable {

    private final String name;

    private ScratchPostgres(String name) {
        this.name = name;
    }

    /** Creates {@code <prefix>_<pid>_<millis>}; fails with the driver's message when PostgreSQL is not there. */
    public static ScratchPostgres create(String prefix) throws SQLException {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
        try (Connection admin = admin(); Statement ddl = admin.createStatement()) {
            ddl.execute("CREATE DATABASE " + name);
        }
        return new ScratchPostgres(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + "/" + name;
    }

    /** The settings that point a node at this database. */
    public Map<String, String> serverEnvironment() {
        return Map.of("INDEXEDCP_DB_URL", jdbcUrl(), "INDEXEDCP_DB_USER", "postgres");
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", null);
    }

    public static String host() {
        return System.getProperty("indexedcp.it.pg", "127.0.0.1:5432");
    }

    /** A connection to the maintenance database, for CREATE and DROP DATABASE. */
    public static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host() + "/postgres", "postgres", null);
    }

    /** Drops the database; FORCE ends the sessions of nodes that were killed rather than stopped. */
    @Override
    public void close() throws SQLException {
        try (Connection admin = admin(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
