package io.indexedcp.server.entity;

import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * A SQLite connection that stays usable after a failed commit. SQLite rolls a transaction back by
 * itself on some errors (a full disk, an I/O error); the driver, which begins the next transaction
 * only after a successful commit or rollback, then believes a transaction is still open, runs every
 * later statement outside any transaction, and fails every later commit with "no transaction is
 * active". The pool would hand that broken connection out for ever; here a failed commit or
 * rollback ends whatever is left and begins a new transaction, as the driver would have done.
 */
final class TrackingConnection extends JDBC4Connection {

    TrackingConnection(String url, String fileName, Properties properties) throws SQLException {
        super(url, fileName, properties);
    }

    @Override
    public void commit() throws SQLException {
        try {
            super.commit();
        } catch (SQLException e) {
            beginAgain();
            throw e;
        }
    }

    @Override
    public void rollback() throws SQLException {
        try {
            super.rollback();
        } catch (SQLException e) {
            beginAgain();
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                throw e;
            }
            // SQLite had already rolled back: what was asked for is done.
        }
    }

    private void beginAgain() throws SQLException {
        if (getAutoCommit()) {
            return;
        }
        try {
            getDatabase().exec("rollback;", false);
        } catch (SQLException nothingToRollBack) {
            // the usual case: SQLite ended the transaction itself
        }
        getDatabase().exec(transactionPrefix(), false);
    }
}
