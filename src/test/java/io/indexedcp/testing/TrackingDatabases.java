package io.indexedcp.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The tracking database of the server under test, for tests that check its rows: the PostgreSQL
 * database {@code INDEXEDCP_DB_URL} names when the run sets one (the build's on-postgresql
 * part passes it to the servers and to the tests alike), otherwise the SQLite file in the output
 * directory.
 */
public final class TrackingDatabases {

    private TrackingDatabases() {
    }

    public static Connection connect(Path outputDir) throws SQLException {
        String url = System.getenv("INDEXEDCP_DB_URL");
        if (url == null || url.isBlank()) {
            return DriverManager.getConnection("jdbc:sqlite:" + outputDir.resolve(".indexcp_chunks.db"));
        }
        return DriverManager.getConnection(url, System.getenv("INDEXEDCP_DB_USER"), System.getenv("INDEXEDCP_DB_PASSWORD"));
    }

    /** Whether the servers of this run keep their tracking in SQLite files. */
    public static boolean sqlite() {
        String url = System.getenv("INDEXEDCP_DB_URL");
        return url == null || url.isBlank();
    }
}
