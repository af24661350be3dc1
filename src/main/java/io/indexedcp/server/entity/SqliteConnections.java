package io.indexedcp.server.entity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Connections to the SQLite tracking file: WAL, a long busy timeout, every commit synced. Creates
 * the output directory before the first connection (SQLite can create the database file but not a
 * missing directory, and a first start must just work) and hands out {@link TrackingConnection}s,
 * which survive a failed commit.
 */
final class SqliteConnections extends SQLiteDataSource {

    private static final String URL_PREFIX = "jdbc:sqlite:";

    SqliteConnections(String url) {
        setUrl(url);
        setJournalMode(SQLiteConfig.JournalMode.WAL.name());
        setBusyTimeout(30_000);
        setSynchronous(SQLiteConfig.SynchronousMode.FULL.name());
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        String file = fileName();
        createParentDirectory(file);
        Properties properties = getConfig().toProperties();
        return new TrackingConnection(getUrl(), file, properties);
    }

    private String fileName() {
        return getUrl().trim().substring(URL_PREFIX.length());
    }

    private static void createParentDirectory(String file) throws SQLException {
        int query = file.indexOf('?');
        Path parent = Path.of(query < 0 ? file : file.substring(0, query)).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new SQLException("cannot create the output directory " + parent, e);
        }
    }
}
