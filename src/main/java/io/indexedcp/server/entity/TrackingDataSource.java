package io.indexedcp.server.entity;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The data source the container's pool draws connections from (see {@link TrackingRepository}'s
 * {@code @DataSourceDefinition}): it reads {@link TrackingDatabase#configured()} when the pool asks
 * for its first connection, brings the schema up to date ({@link SchemaMigrations}), then hands
 * out the chosen database's connections. One class for both databases because the definition's
 * class name is fixed at compile time, while the database is chosen at start.
 */
public class TrackingDataSource implements DataSource {

    private static final Logger LOG = Logger.getLogger(TrackingDataSource.class.getName());

    private volatile DataSource target;
    private PrintWriter logWriter;
    private int loginTimeout;

    @Override
    public Connection getConnection() throws SQLException {
        DataSource chosen = target;
        return chosen != null ? chosen.getConnection() : firstConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    /**
     * Chooses the database, migrates it and returns the pool's first connection. That connection is
     * opened before the migrations and stays open through them: SQLite checkpoints and deletes the
     * WAL when its last connection closes, and the migrations' connection closing last would do that
     * at every start (on a full disk, freeing the WAL's space behind the server's back).
     */
    private synchronized Connection firstConnection() throws SQLException {
        if (target != null) {
            return target.getConnection();
        }
        TrackingDatabase database = TrackingDatabase.configured();
        DataSource chosen = open(database);
        Connection first = chosen.getConnection();
        try {
            SchemaMigrations.migrate(chosen, database);
        } catch (SQLException | RuntimeException e) {
            first.close();
            throw e;
        }
        if (!database.shared()) {
            LOG.info(() -> "Tracking in a SQLite file: one node only (SQLite's locks do not reach across"
                    + " hosts); several nodes share a PostgreSQL database, INDEXEDCP_DB_URL=jdbc:postgresql://…");
        }
        target = chosen;
        return first;
    }

    /** A plain (unpooled) data source of the database: the container pools its connections. */
    static DataSource open(TrackingDatabase database) {
        return switch (database.kind()) {
            case SQLITE -> new SqliteConnections(database.url());
            case POSTGRESQL -> {
                PGSimpleDataSource postgres = new PGSimpleDataSource();
                postgres.setURL(database.url());
                if (database.user() != null) {
                    postgres.setUser(database.user());
                }
                if (database.password() != null) {
                    postgres.setPassword(database.password());
                }
                yield postgres;
            }
        };
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
