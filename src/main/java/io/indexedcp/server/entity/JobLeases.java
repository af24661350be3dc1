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
 * every other node out while a run lasts: it is short and the running node renews it as it goes,
 * so that a node killed or stuck mid-run keeps the others out only until it lapses. The same
 * statements on SQLite and PostgreSQL.
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

    /**
     * Keeps the holder's run of {@code period} going until {@code busyUntil}; false when the claim
     * is no longer the holder's (it lapsed and another node took a later period).
     */
    public boolean renew(String job, long period, String holder, Instant busyUntil) {
        try (Connection db = dataSource.getConnection();
                PreparedStatement renew = db.prepareStatement("""
                        UPDATE job_lease SET busy_until = ?
                        WHERE name = ? AND period = ? AND holder = ? AND busy_until > 0""")) {
            renew.setLong(1, busyUntil.toEpochMilli());
            renew.setString(2, job);
            renew.setLong(3, period);
            renew.setString(4, holder);
            return renew.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TrackingException("cannot renew the job " + job, e);
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
