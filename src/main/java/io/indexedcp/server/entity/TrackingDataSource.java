package io.indexedcp.server.entity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite data source that creates the output directory before the first connection (SQLite can
 * create the database file but not a missing directory, and a first start must just work) and
 * hands out {@link TrackingConnection}s, which survive a failed commit.
 */
public class TrackingDataSource extends SQLiteDataSource {

    private static final String URL_PREFIX = "jdbc:sqlite:";

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        createParentDirectory();
        Properties properties = getConfig().toProperties();
        String url = getUrl().trim();
        return new TrackingConnection(url, url.substring(URL_PREFIX.length()), properties);
    }

    private void createParentDirectory() throws SQLException {
        String url = getUrl();
        if (url == null || !url.startsWith(URL_PREFIX)) {
            return;
        }
        String file = url.substring(URL_PREFIX.length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new SQLException("cannot create the output directory " + parent, e);
        }
    }
}
