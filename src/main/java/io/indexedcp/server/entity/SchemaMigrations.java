package io.indexedcp.server.entity;

import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The tracking schema as versioned migrations (Flyway), one folder per database under {@code
 * db/migration/}: the DDL is the SQL that differs between SQLite and PostgreSQL, so it lives there
 * and nowhere else. A tracking file of release 0.1 (tables made by Hibernate's schema update, no
 * history table) is taken as version 1 and upgraded from there. On PostgreSQL, Flyway holds an
 * advisory lock while it migrates, so nodes starting together migrate once.
 */
public final class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    /** The schema of release 0.1, which files without a history table have. */
    static final String BASELINE = "1";

    private SchemaMigrations() {
    }

    /** Brings the database's schema up to the newest migration. */
    public static void migrate(DataSource dataSource, TrackingDatabase database) throws SQLException {
        try {
            MigrateResult result = Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(database.kind().migrations)
                    .baselineOnMigrate(true)
                    .baselineVersion(BASELINE)
                    .baselineDescription("tracking tables of release 0.1")
                    .load()
                    .migrate();
            String version = result.migrationsExecuted > 0 ? result.targetSchemaVersion : result.initialSchemaVersion;
            LOG.info(() -> "Tracking database " + database.describe() + ": schema version " + version
                    + (result.migrationsExecuted > 0 ? " (" + result.migrationsExecuted + " migration(s) applied)" : ""));
        } catch (FlywayException e) {
            throw new SQLException("cannot bring the tracking schema of " + database.describe() + " up to date", e);
        }
    }
}
