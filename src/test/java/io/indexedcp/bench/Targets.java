package io.indexedcp.bench;

import java.util.List;
import java.util.Locale;

/**
 * The targets of issue 13 ("durable acknowledgements at the speed of the disk — ahead of the Python
 * original"), each computed from the rows of this run and marked met or missed. A target whose rows
 * were not measured (a section left out by {@code bench.only}, no CLI jar, no {@code requests})
 * says so.
 */
final class Targets {

    /**
     * One target: the figure is row {@code key}'s median, divided by row {@code over}'s when that is
     * set; met when it is at least {@code bound} (or below it, with {@code below}).
     */
    private record Target(String goal, String key, String over, double bound, boolean below) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("1 connection, 4 KiB chunks ≥ 0.5 × the durable floor", "chunks.4k.1c", "floor.4k", 0.5, false),
            new Target("1 connection, 64 KiB chunks ≥ 0.5 × the durable floor", "chunks.64k.1c", "floor.64k", 0.5, false),
            new Target("1 connection, 1 MiB chunks ≥ 0.5 × the durable floor, MB/s", "ingest.1g", "floor.1m", 0.5, false),
            new Target("4 KiB chunks over 16 connections ≥ 3,000 chunks/s", "chunks.4k.16c", null, 3000, false),
            new Target("≥ 2 × the Python reference server, 1 MiB chunks, 1 connection", "ingest.1g", "reference.1m", 2,
                    false),
            new Target("≥ 2 × the Python reference server, 64 KiB chunks, 1 connection", "chunks.64k.1c", "reference.64k",
                    2, false),
            new Target("client ≥ 1.5 × the Python client, same file and server (CLI default --parallel 4)", "client.p4",
                    "client.python", 1.5, false),
            new Target("client ≥ 1.5 × the Python client, same file and server (CLI --parallel 1)", "client.p1",
                    "client.python", 1.5, false),
            new Target("client ≥ 0.8 × the server's ingest (1 GiB, --parallel 1 vs 1 connection)", "client.p1",
                    "ingest.1g", 0.8, false),
            new Target("client ≥ 0.8 × the server's ingest (1 GiB, --parallel 4 vs 4 connections)", "client.p4",
                    "ingest.4x", 0.8, false),
            new Target("client ≥ 0.8 × the server's ingest (10 GiB, --parallel 4 vs 4 connections)", "client.10g",
                    "ingest.4x", 0.8, false),
            new Target("client: a 10 GiB upload under 150 MiB peak RSS", "client.rss.10g", null, 150, true),
            new Target("status under 5 ms at 20,000 chunks", "status.20k", null, 5, true),
            new Target("status under 25 ms at 100,000 chunks", "status.100k", null, 25, true),
            new Target("server memory flat: peak RSS during 1-connection ingest < 1.25 × after start", "rss.ingest1",
                    "baseline", 1.25, true),
            new Target("server memory flat: peak RSS during 4-connection ingest < 1.25 × after start", "rss.ingest4",
                    "baseline", 1.25, true));

    private Targets() {
    }

    static String render(Results results) {
        StringBuilder out = new StringBuilder("## Targets (issue 13)\n\n");
        out.append("Each from this run's medians (the rows below give every run), the first figure over the second; ")
                .append("\"flat\" memory is read here as a ")
                .append("peak under 1.25 × the server's RSS after start (its heap is capped at 512 MiB).\n\n");
        out.append("| target | measured | figure | met |\n| --- | --- | ---: | --- |\n");
        int met = 0;
        int measured = 0;
        for (Target t : TARGETS) {
            Results.Row row = results.get(t.key());
            Results.Row over = t.over() == null ? null : results.get(t.over());
            if (row == null || (t.over() != null && over == null)) {
                out.append("| ").append(t.goal()).append(" | not measured in this run | | – |\n");
                continue;
            }
            double figure = over == null ? row.median() : row.median() / over.median();
            String text = over == null ? Results.fmt(row.median()) + " " + row.unit
                    : Results.fmt(row.median()) + " " + row.unit + " ÷ " + Results.fmt(over.median()) + " " + over.unit;
            boolean ok = t.below() ? figure < t.bound() : figure >= t.bound();
            measured++;
            met += ok ? 1 : 0;
            String shown = over == null ? Results.fmt(figure) + " " + row.unit
                    : String.format(Locale.ROOT, "%.2f ×", figure);
            out.append("| ").append(t.goal()).append(" | ").append(text).append(" | ").append(shown).append(" | ")
                    .append(ok ? "met" : "**missed**").append(" |\n");
        }
        out.append(String.format(Locale.ROOT, "%n%d of %d measured targets met; %d not measured.%n", met, measured,
                TARGETS.size() - measured));
        return out.toString();
    }
}
