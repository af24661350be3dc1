package io.indexedcp.server.entity;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Which node runs a periodic job in a period, decided in the database (table {@code job_lease}),
 * so that nodes sharing it need not know each other: one conditional UPDATE moves the job's
 * period forward, and only the node whose UPDATE changed the row runs it. {@code busy_until} keeps
 * every other node out while a run lasts (longer than a period, or its node died mid-run: then
 * until that time). The same two statements on SQLite and PostgreSQL.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class JobLeases {

    @Resource(lookup = TrackingRepository.DATA_SOURCE)
    DataSource dataSource;

    /**
     * Claims {@code period} of {@code job} for {@code holder} until {@code busyUntil} at the latest;
     * true when this call got it (no one ran that period or a later one, and no run is going on).
     */
    public boolean claim(String job, long period, String holder, Instant now, Instant busyUntil) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement claim = db.prepareStatement("""
                        UPDATE job_lease SET period = ?, holder = ?, busy_until = ?
                        WHERE name = ? AND period < ? AND busy_until <= ?""")) {
            claim.setLong(1, period);
            claim.setString(2, holder);
            claim.setLong(3, busyUntil.toEpochMilli());
            claim.setString(4, job);
            claim.setLong(5, period);
            claim.setLong(6, now.toEpochMilli());
            return claim.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TrackingException("cannot claim the job " + job, e);
        }
    }

    /** Ends the holder's run: the next period may be claimed by any node. */
    public void release(String job, String holder) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement release = db.prepareStatement(
                        "UPDATE job_lease SET busy_until = 0 WHERE name = ? AND holder = ?")) {
            release.setString(1, job);
            release.setString(2, holder);
            release.executeUpdate();
        } catch (SQLException e) {
            throw new TrackingException("cannot release the job " + job, e);
        }
    }
}
