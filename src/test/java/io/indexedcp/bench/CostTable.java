package io.indexedcp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The several-node rows with their costs per chunk, as the Markdown table the capacity model reads. */
final class CostTable {

    /** One row: a case on a setup, its rate, and its costs divided by the chunks acknowledged. */
    record Line(Setup setup, ScaleBench.Case c, double median, String unit, CostMeter.Cost cost, long chunks) {

        double perChunkMs(double seconds) {
            return seconds * 1000 / chunks;
        }

        String nodeCpu() {
            return Arrays.stream(cost.nodeCpu()).mapToObj(s -> ms(perChunkMs(s))).collect(Collectors.joining(" / "));
        }

        double nodeCpuSum() {
            return perChunkMs(Arrays.stream(cost.nodeCpu()).sum());
        }

        String requests() {
            if (setup.database() == null) {
                return "n/a";
            }
            long sum = Arrays.stream(cost.nodeRequests()).sum();
            return String.format(Locale.ROOT, "%.2f", (double) sum / chunks);
        }

        String commits() {
            return setup.database() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) cost.commits() / chunks);
        }

        String dbCpu() {
            return setup.database() == null ? "in node" : ms(perChunkMs(cost.dbCpu()));
        }

        String nginxCpu() {
            return setup.nginxPid() == 0 ? "–" : ms(perChunkMs(cost.nginxCpu()));
        }

        /** The costs in one line, for the row of the main table. */
        String summary() {
            return "CPU ms/chunk: node " + nodeCpu() + ", nginx " + nginxCpu() + ", PostgreSQL " + dbCpu()
                    + "; PostgreSQL round trips/chunk " + requests() + ", commits/chunk " + commits();
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<String> idle = new ArrayList<>();

    /** A setup's CPU while nothing was sent, in ms of CPU per second of wall time. */
    void idle(Setup setup, CostMeter.Cost cost, double seconds) {
        String nodes = Arrays.stream(cost.nodeCpu()).mapToObj(s -> ms(s * 1000 / seconds)).collect(Collectors.joining(" / "));
        idle.add(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", setup.label(), nodes,
                setup.nginxPid() == 0 ? "–" : ms(cost.nginxCpu() * 1000 / seconds),
                setup.database() == null ? "in node" : ms(cost.dbCpu() * 1000 / seconds)));
    }

    Line add(Setup setup, ScaleBench.Case c, double median, String unit, CostMeter.Cost cost, long chunks) {
        Line line = new Line(setup, c, median, unit, cost, chunks);
        lines.add(line);
        return line;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("## Several nodes: costs per chunk\n\n");
        out.append("CPU: user + system time from /proc/<pid>/stat over the measured runs, divided by the chunks ")
                .append("acknowledged (node: each Payara Micro JVM, in node order; nginx: master and worker; PostgreSQL: ")
                .append("the backends of the bench database). Round trips: data segments the nodes' connections sent ")
                .append("to port 5432 (`ss -ti`), one per JDBC request. Commits: pg_stat_database.xact_commit. ")
                .append("On SQLite the database work is inside the node's CPU figure.\n\n");
        out.append("| setup | case | median | unit | node CPU ms/chunk | all nodes | nginx | PostgreSQL CPU | round trips/chunk "
                + "| commits/chunk | chunks |\n");
        out.append("| --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Line l : lines) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %,d |%n",
                    l.setup().label(), l.c().label(), Results.fmt(l.median()), l.unit(), l.nodeCpu(), ms(l.nodeCpuSum()),
                    l.nginxCpu(), l.dbCpu(), l.requests(), l.commits(), l.chunks()));
        }
        out.append("\nWhile idle (read over a few seconds before each setup's rows), CPU ms per second:\n\n");
        out.append("| setup | node(s) | nginx | PostgreSQL |\n| --- | --- | ---: | ---: |\n");
        idle.forEach(out::append);
        return out.toString();
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
