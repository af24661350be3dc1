package io.indexedcp.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests each process has sent to PostgreSQL, counted by the kernel: {@code data_segs_out} of its
 * TCP connections to port 5432 ({@code ss -tinp}). The JDBC driver sends a whole request
 * (Parse/Bind/Execute/Sync, or a BEGIN/COMMIT) in one flush and then waits for the answer, and
 * our requests are far below the segment size, so one data segment is one round trip. Nothing in
 * the nodes or in PostgreSQL has to be changed or restarted for it (pg_stat_statements would).
 */
final class PgRequests {

    /** One connection: its owner and how many data segments it has sent so far. */
    record Socket(long pid, long segmentsOut) {
    }

    /** A socket's line: local port, peer on 5432 (Java's are IPv4-mapped: [::ffff:127.0.0.1]:port), owner. */
    private static final Pattern OWNER = Pattern.compile(":(\\d+)\\s+\\S*:5432\\s.*?pid=(\\d+)");
    private static final Pattern SEGMENTS = Pattern.compile("data_segs_out:(\\d+)");

    private PgRequests() {
    }

    /** Every established client connection to 127.0.0.1:5432, by local port. */
    static Map<Integer, Socket> snapshot() throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tinpH", "state", "established", "( dport = :5432 )")
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes());
        if (!ss.waitFor(30, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            throw new IllegalStateException("ss failed: " + out);
        }
        Map<Integer, Socket> sockets = new HashMap<>();
        Matcher owner = null;
        for (String line : out.split("\n")) {
            Matcher o = OWNER.matcher(line);
            if (o.find()) {
                owner = o;
                continue;
            }
            Matcher s = SEGMENTS.matcher(line);
            if (owner != null && s.find()) { // the detail line that follows its socket's line
                sockets.put(Integer.parseInt(owner.group(1)),
                        new Socket(Long.parseLong(owner.group(2)), Long.parseLong(s.group(1))));
                owner = null;
            }
        }
        return sockets;
    }

    /**
     * Requests {@code pid} sent between two snapshots. A connection opened in between counts from
     * zero (its log-in included); one closed in between is lost (the nodes' pools keep theirs open).
     */
    static long sentBetween(Map<Integer, Socket> before, Map<Integer, Socket> after, long pid) {
        long sum = 0;
        for (Map.Entry<Integer, Socket> e : after.entrySet()) {
            if (e.getValue().pid() != pid) {
                continue;
            }
            Socket was = before.get(e.getKey());
            sum += e.getValue().segmentsOut() - (was != null && was.pid() == pid ? was.segmentsOut() : 0);
        }
        return sum;
    }
}
