package io.indexedcp.server.entity;

import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Hibernate's dialect for the database {@code INDEXEDCP_DB_URL} chose (persistence.xml names this
 * class; a fixed {@code hibernate.dialect} would pin one database). The connection's own version
 * information tunes it, as Hibernate's built-in resolution would.
 */
public class TrackingDialectResolver implements DialectResolver {

    @Override
    public Dialect resolveDialect(DialectResolutionInfo info) {
        return switch (TrackingDatabase.configured().kind()) {
            case SQLITE -> new SQLiteDialect(info);
            case POSTGRESQL -> new PostgreSQLDialect(info);
        };
    }
}
