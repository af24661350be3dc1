package io.indexedcp.bench;

import io.indexedcp.testing.ScratchPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What a run cost each part of a {@link Setup}: CPU seconds per node, of nginx and of the
 * database's backends; requests (round trips) each node sent to PostgreSQL; transactions the
 * database committed. Readings are taken right before and after the measured runs.
 */
final class CostMeter {

    /** The counters at one moment. */
    record Snapshot(double[] nodeCpu, double nginxCpu, Map<Long, Double> backendCpu, Map<Integer, PgRequests.Socket> sockets,
            long commits) {
    }

    /** The difference of two snapshots, summed over the measured runs of one row. */
    record Cost(double[] nodeCpu, double nginxCpu, double dbCpu, long[] nodeRequests, long commits) {

        static Cost zero(Setup setup) {
            int n = setup.nodePids().size();
            return new Cost(new double[n], 0, 0, new long[n], 0);
        }

        Cost plus(Cost o) {
            double[] cpu = nodeCpu.clone();
            long[] requests = nodeRequests.clone();
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] += o.nodeCpu[i];
                requests[i] += o.nodeRequests[i];
            }
            return new Cost(cpu, nginxCpu + o.nginxCpu, dbCpu + o.dbCpu, requests, commits + o.commits);
        }
    }

    /**
     * PostgreSQL's statistics reach pg_stat_database when a backend goes idle, at most once a second
     * (PG 15): wait that long before reading them, so a run's commits are not counted in the next.
     */
    private static final long STATS_FLUSH_MILLIS = 1500;

    private final Setup setup;

    CostMeter(Setup setup) {
        this.setup = setup;
    }

    Snapshot take() throws IOException, InterruptedException, SQLException {
        double[] nodeCpu = new double[setup.nodePids().size()];
        for (int i = 0; i < nodeCpu.length; i++) {
            nodeCpu[i] = ProcCpu.seconds(setup.nodePids().get(i));
        }
        double nginxCpu = setup.nginxPid() == 0 ? 0 : ProcCpu.treeSeconds(setup.nginxPid());
        if (setup.database() == null) {
            return new Snapshot(nodeCpu, nginxCpu, Map.of(), Map.of(), 0);
        }
        Thread.sleep(STATS_FLUSH_MILLIS);
        Map<Long, Double> backends = new HashMap<>();
        long commits;
        // Through the maintenance database, so that these queries are not counted as the run's.
        try (Connection admin = ScratchPostgres.admin()) {
            try (PreparedStatement q = admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
                q.setString(1, setup.database().name());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        backends.put(rs.getLong(1), ProcCpu.seconds(rs.getLong(1)));
                    }
                }
            }
            try (PreparedStatement q = admin.prepareStatement("SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
                q.setString(1, setup.database().name());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    commits = rs.getLong(1);
                }
            }
        }
        return new Snapshot(nodeCpu, nginxCpu, backends, PgRequests.snapshot(), commits);
    }

    Cost between(Snapshot before, Snapshot after) {
        int n = before.nodeCpu().length;
        double[] cpu = new double[n];
        long[] requests = new long[n];
        for (int i = 0; i < n; i++) {
            cpu[i] = after.nodeCpu()[i] - before.nodeCpu()[i];
            requests[i] = PgRequests.sentBetween(before.sockets(), after.sockets(), setup.nodePids().get(i));
        }
        double dbCpu = 0;
        for (Map.Entry<Long, Double> backend : after.backendCpu().entrySet()) {
            dbCpu += backend.getValue() - before.backendCpu().getOrDefault(backend.getKey(), 0.0);
        }
        return new Cost(cpu, after.nginxCpu() - before.nginxCpu(), dbCpu, requests, after.commits() - before.commits());
    }
}
