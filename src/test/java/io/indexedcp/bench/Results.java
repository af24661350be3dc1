package io.indexedcp.bench;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/** The rows of the benchmark, each next to its ceiling, rendered as one Markdown table. */
final class Results {

    enum Kind {
        /** What the setup allows at best: the discard WAR, the disk, the durable floor. */
        CEILING,
        MEASURED,
        MEMORY,
        /** Another implementation measured the same way: the Python reference server and client. */
        REFERENCE
    }

    /**
     * One figure: the per-run values, its unit, the ceiling row it is divided by (for latencies
     * and memory: the ceiling divides it, so the ratio says "times slower / larger"), the target.
     */
    static final class Row {
        final String label;
        String key;
        final double[] values;
        final String unit;
        final Kind kind;
        String ceilingKey;
        final List<String> alsoKeys = new ArrayList<>();
        String target = "";
        DoublePredicate check;
        boolean checkOnRatio;
        String extra = "";

        Row(String label, String key, double[] values, String unit, Kind kind) {
            this.label = label;
            this.key = key;
            this.values = values;
            this.unit = unit;
            this.kind = kind;
        }

        Row also(String key) {
            alsoKeys.add(key);
            return this;
        }

        Row vs(String key) {
            ceilingKey = key;
            return this;
        }


        double median() {
            double[] s = values.clone();
            Arrays.sort(s);
            int n = s.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        boolean higherIsBetter() {
            return !unit.equals("ms") && !unit.equals("MiB");
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Row> byKey = new LinkedHashMap<>();
    private final Map<String, Path> profiles = new LinkedHashMap<>();
    private final List<String> sections = new ArrayList<>();
    private String targets = "";
    private List<String> machine = List.of();
    private final List<String> notes = new ArrayList<>();
    private List<String> before = List.of();
    private List<String> after = List.of();
    private double baselineRss;
    private Rss endRss;
    private long elapsedNanos;
    private final String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 19);

    static Row ceiling(String label, String key, double[] mbps) {
        return new Row(label, key, mbps, "MB/s", Kind.CEILING);
    }

    static Row ceilingRate(String label, String key, double[] perSecond) {
        return new Row(label, key, perSecond, "chunks/s", Kind.CEILING);
    }

    static Row ceilingLatency(String label, String key, Benchmark.Latency latency) {
        Row row = new Row(label, key, new double[] {latency.medianMs()}, "ms", Kind.CEILING);
        row.extra = String.format(Locale.ROOT, "p95 %.2f ms, %d calls", latency.p95Ms(), latency.samples());
        return row;
    }

    static Row reference(String label, String key, double[] values, String unit) {
        return new Row(label, key, values, unit, Kind.REFERENCE);
    }

    static Row measured(String label, double[] mbps, String unit, String ceilingKey, String target,
            DoublePredicate onRatio) {
        Row row = new Row(label, null, mbps, unit, Kind.MEASURED);
        row.ceilingKey = ceilingKey;
        row.target = target;
        row.check = onRatio;
        row.checkOnRatio = true;
        return row;
    }

    static Row measuredRate(String label, double[] perSecond, String ceilingKey, String target, DoublePredicate onValue) {
        Row row = new Row(label, null, perSecond, "chunks/s", Kind.MEASURED);
        row.ceilingKey = ceilingKey;
        row.target = target;
        row.check = onValue;
        return row;
    }

    static Row latency(String label, Benchmark.Latency latency, String ceilingKey, String target, DoublePredicate onMs) {
        Row row = new Row(label, null, new double[] {latency.medianMs()}, "ms", Kind.MEASURED);
        row.extra = String.format(Locale.ROOT, "p95 %.2f ms, %d calls, %d chunks listed", latency.p95Ms(),
                latency.samples(), latency.chunksInAnswer());
        row.ceilingKey = ceilingKey;
        row.target = target;
        row.check = onMs;
        return row;
    }

    static Row memory(String label, double[] peaksMiB, String ceilingKey) {
        Row row = new Row(label, null, peaksMiB, "MiB", Kind.MEMORY);
        row.ceilingKey = ceilingKey;
        return row;
    }

    Row add(Row row) {
        return add(row, row.key);
    }

    Row add(Row row, String key) {
        row.key = key;
        rows.add(row);
        if (row.key != null) {
            byKey.put(row.key, row);
        }
        Benchmark.log(String.format(Locale.ROOT, "%-75s %10s %s  (%s)", row.label, fmt(row.median()), row.unit,
                runs(row)));
        return row;
    }

    Row get(String key) {
        return byKey.get(key);
    }

    void machine(List<String> lines) {
        machine = lines;
    }

    /** A line for the header, after the machine's. */
    void note(String line) {
        notes.add(line);
    }

    void before(List<String> lines) {
        before = lines;
    }

    void after(List<String> lines) {
        after = lines;
    }

    void serverBaselineRss(double mib) {
        baselineRss = mib;
        Row row = new Row("server RSS after start (health checked, nothing uploaded)", "baseline",
                new double[] {mib}, "MiB", Kind.CEILING);
        rows.add(row);
        byKey.put("baseline", row);
    }

    void serverEndRss(Rss rss) {
        endRss = rss;
    }

    void elapsed(long nanos) {
        elapsedNanos = nanos;
    }

    /** A Markdown section of its own after the main table (the several-node costs). */
    void section(String markdown) {
        sections.add(markdown);
    }

    /** The table of the targets ({@link Targets}), rendered before the table of every row. */
    void targets(String markdown) {
        targets = markdown;
    }

    void profile(String name, Path file) {
        profiles.put(name, file);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# IndexedCP benchmark results\n\n");
        out.append("Taken ").append(started).append(", whole run ")
                .append(String.format(Locale.ROOT, "%.0f s", elapsedNanos / 1e9)).append(".\n\n");
        for (String line : machine) {
            out.append("- ").append(line).append('\n');
        }
        for (String line : notes) {
            out.append("- ").append(line).append('\n');
        }
        if (!targets.isEmpty()) {
            out.append('\n').append(targets);
        }
        out.append("\n## Every row\n");
        out.append("\nEach figure: median of the measured runs after warm-up; \"runs\" gives every measured value. ")
                .append("\"ratio\" is the figure divided by its ceiling from the same run (for ms and MiB: the figure ")
                .append("over the reference, so lower is better).\n\n");
        out.append("| measurement | median | unit | runs | ceiling (same run) | ratio | target | met |\n");
        out.append("| --- | ---: | --- | --- | --- | ---: | --- | --- |\n");
        for (Row row : rows) {
            Row ceiling = row.ceilingKey == null ? null : byKey.get(row.ceilingKey);
            double ratio = ceiling == null ? Double.NaN : row.median() / ceiling.median();
            List<String> ceilings = new ArrayList<>();
            List<String> ratios = new ArrayList<>();
            if (ceiling != null) {
                ceilings.add(ceiling.label + ": " + fmt(ceiling.median()) + " " + ceiling.unit);
                ratios.add(String.format(Locale.ROOT, "%.2f", ratio));
            }
            for (String also : row.alsoKeys) {
                Row a = byKey.get(also);
                if (a != null) {
                    ceilings.add(a.label + ": " + fmt(a.median()) + " " + a.unit);
                    ratios.add(String.format(Locale.ROOT, "%.2f", row.median() / a.median()));
                }
            }
            String ceilingText = String.join("; ", ceilings);
            String met = "";
            if (row.check != null && !(row.checkOnRatio && Double.isNaN(ratio))) {
                met = row.check.test(row.checkOnRatio ? ratio : row.median()) ? "yes" : "**no**";
            }
            String label = (row.kind == Kind.CEILING ? "*ceiling* " : row.kind == Kind.REFERENCE ? "*reference* " : "")
                    + row.label;
            out.append("| ").append(label).append(" | ").append(fmt(row.median())).append(" | ").append(row.unit)
                    .append(" | ").append(runs(row)).append(" | ").append(ceilingText).append(" | ").append(String.join("; ", ratios))
                    .append(" | ").append(row.target).append(" | ").append(met).append(" |\n");
        }
        for (String section : sections) {
            out.append('\n').append(section);
        }
        if (endRss != null) {
            out.append(String.format(Locale.ROOT, "%nServer at the end: VmRSS %.1f MiB, VmHWM (peak since start) %.1f MiB; "
                    + "baseline after start %.1f MiB; heap capped by -Xmx512m as in the tests.%n",
                    endRss.rssMiB(), endRss.hwmMiB(), baselineRss));
        }
        if (!profiles.isEmpty()) {
            out.append("\nJFR recordings (one extra, unmeasured run each, settings=profile): ");
            out.append(String.join(", ", profiles.values().stream().map(p -> "`" + p.getFileName() + "`").toList()));
            out.append("; hot methods in `profile-*.txt` when `bench/run` could run `jfr view`.\n");
        }
        out.append("\nBusiest processes at the start:\n\n```\n");
        before.forEach(l -> out.append(l).append('\n'));
        out.append("```\n\nand at the end:\n\n```\n");
        after.forEach(l -> out.append(l).append('\n'));
        out.append("```\n");
        return out.toString();
    }

    private static String runs(Row row) {
        if (row.values.length == 1 && !row.extra.isEmpty()) {
            return row.extra;
        }
        String values = String.join(", ", Arrays.stream(row.values).mapToObj(Results::fmt).toList());
        return row.extra.isEmpty() ? values : values + "; " + row.extra;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
