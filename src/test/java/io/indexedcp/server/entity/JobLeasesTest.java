package io.indexedcp.server.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One node per period, never two at once: the lease row on a real (migrated) SQLite file. */
class JobLeasesTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration CLAIM = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void eachPeriodGoesToOneNodeAndARunningClaimKeepsTheNextPeriodOut() throws Exception {
        SqliteTracking tracking = new SqliteTracking(dir.resolve("tracking.db"));
        JobLeases leases = new JobLeases();
        leases.dataSource = tracking;

        assertTrue(claim(tracking, leases, 7, "a", T0), "first claim of period 7");
        assertFalse(claim(tracking, leases, 7, "b", T0.plusSeconds(1)), "period 7 is taken");
        assertFalse(claim(tracking, leases, 8, "b", T0.plusSeconds(2)), "a's run of period 7 is still going on");
        tracking.inTransaction(() -> {
            leases.release("expiry", "a");
            return null;
        });
        assertFalse(claim(tracking, leases, 7, "b", T0.plusSeconds(3)), "a period is never run twice");
        assertTrue(claim(tracking, leases, 8, "b", T0.plusSeconds(4)), "the next period, once a is done");
        assertTrue(renew(tracking, leases, 8, "b", T0.plusSeconds(20).plus(CLAIM)), "b renews its running claim");
        assertFalse(claim(tracking, leases, 9, "a", T0.plusSeconds(40)), "b is running, its claim renewed");
        assertFalse(renew(tracking, leases, 8, "a", T0.plus(CLAIM)), "only the holder renews");
        assertTrue(claim(tracking, leases, 9, "a", T0.plusSeconds(51)),
                "b died or hung mid-run: its claim lapses once no longer renewed");
        assertFalse(renew(tracking, leases, 8, "b", T0.plusSeconds(52).plus(CLAIM)),
                "b, back from a hang, finds its claim gone and stops");
        assertEquals(9, tracking.count("SELECT period FROM job_lease WHERE name = 'expiry'"));
    }

    private static boolean claim(SqliteTracking tracking, JobLeases leases, long period, String node, Instant now)
            throws Exception {
        return tracking.inTransaction(() -> leases.claim("expiry", period, node, now, now.plus(CLAIM)));
    }

    private static boolean renew(SqliteTracking tracking, JobLeases leases, long period, String node, Instant until)
            throws Exception {
        return tracking.inTransaction(() -> leases.renew("expiry", period, node, until));
    }
}
