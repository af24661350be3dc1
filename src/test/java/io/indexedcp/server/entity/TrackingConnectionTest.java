package io.indexedcp.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A full database in the middle of a transaction: SQLite rolls the transaction back by itself, and
 * the connection must come out of it usable, with nothing of the failed transaction kept.
 */
class TrackingConnectionTest {

    @TempDir
    Path dir;

    @Test
    void afterADiskFullTransactionTheConnectionCommitsTheNextOneAndKeepsNothingOfTheFailedOne() throws Exception {
        Path file = dir.resolve("tracking.db");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        try (Connection db = new TrackingConnection("jdbc:sqlite:" + file, file.toString(), config.toProperties())) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("CREATE TABLE t (x BLOB)");
            }
            db.setAutoCommit(false); // as the container does for a transaction

            // Fill the database until it is "full" (a page limit stands in for the disk), in one transaction.
            try (Statement limit = db.createStatement()) {
                limit.execute("PRAGMA max_page_count = 20");
            }
            SQLException full = assertThrows(SQLException.class, () -> {
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO t VALUES (?)")) {
                    for (int i = 0; i < 1000; i++) {
                        insert.setBytes(1, new byte[4000]);
                        insert.executeUpdate();
                    }
                }
            });
            assertTrue(full.getMessage().contains("SQLITE_FULL"), full.getMessage());
            db.rollback(); // what the transaction manager does after the failure

            // Space is back: the next transaction works, and the failed one left no row.
            try (Statement limit = db.createStatement()) {
                limit.execute("PRAGMA max_page_count = 100000");
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setBytes(1, new byte[10]);
                insert.executeUpdate();
            }
            db.commit();
            try (Statement count = db.createStatement(); ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM t")) {
                rows.next();
                assertEquals(1, rows.getLong(1));
            }
            db.commit();
        }
    }
}
