package io.indexedcp.server.entity;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real SQLite tracking file with the server's tables (made or upgraded by its migrations), and what the container does around the
 * ledger: one connection per transaction, shared by every statement in it, committed at the end
 * or rolled back on an exception. Each thread runs its own transactions, as request threads do.
 */
public final class SqliteTracking implements DataSource {

    private final String url;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public SqliteTracking(Path file) throws SQLException {
        this.url = "jdbc:sqlite:" + file;
        // The server's own migrations: a new file gets the tables, a file of an older release is upgraded.
        SchemaMigrations.migrate(new SqliteConnections(url),
                new TrackingDatabase(TrackingDatabase.Kind.SQLITE, url, null, null));
    }

    /** A ledger whose statements run in this thread's current transaction. */
    public ChunkLedger ledger() {
        ChunkLedger ledger = new ChunkLedger();
        ledger.dataSource = this;
        return ledger;
    }

    /** Runs {@code work} in a transaction of its own: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Callable<T> work) throws Exception {
        if (current.get() != null) {
            return work.call();
        }
        try (Connection db = open()) {
            current.set(db);
            try {
                T result = work.call();
                db.commit();
                return result;
            } catch (Exception | Error e) {
                db.rollback();
                throw e;
            } finally {
                current.remove();
            }
        }
    }

    /** One number from a query, outside any transaction of the code under test. */
    public long count(String sql, Object... parameters) throws SQLException {
        try (Connection db = open(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private Connection open() throws SQLException {
        Connection db = DriverManager.getConnection(url);
        try (Statement pragma = db.createStatement()) {
            pragma.execute("PRAGMA journal_mode=WAL");
            pragma.execute("PRAGMA busy_timeout=10000");
        }
        db.setAutoCommit(false);
        return db;
    }

    @Override
    public Connection getConnection() {
        Connection db = current.get();
        if (db == null) {
            throw new IllegalStateException("the ledger runs only inside a transaction");
        }
        // The container's handle: closing it leaves the transaction's connection open.
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(db, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
