package io.indexedcp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The performance benchmark (issue "Performance"): one Payara Micro running the product WAR
 * plus a discard WAR, a raw-socket load generator, and every figure next to its ceiling measured
 * in the same run. Run it with {@code bench/run}; results go to {@code target/bench/results.md}.
 *
 * <p>System properties: {@code bench.dir} (output, default target/bench), {@code bench.runs}
 * (measured runs per figure, default 3), {@code bench.warmups} (warm-up runs per figure, default 1),
 * {@code bench.serverWarmup} (bring the server to its steady state first, default true; see
 * {@link #warmUpServer}), {@code bench.scale}
 * (multiplies every size, default 1; 0.0625 for a smoke run), {@code bench.jfr} (an extra,
 * unmeasured, JFR-profiled run of the 1 MiB, 64 KiB and 4 KiB cases; default true),
 * {@code bench.only} (comma-separated section names, default all: ceiling, floor, ingest, chunks,
 * reference, status, client, pyclient, nodes). The targets, each computed from the rows
 * ({@link Targets}), come first in results.md.
 */
public final class Benchmark {

    static final long KiB = 1024;
    static final long MiB = 1024 * KiB;
    static final long GiB = 1024 * MiB;
    private static final String API_KEY = "bench-key-0123456789abcdef";

    private final Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
    private final Path outputDir = dir.resolve("uploads");
    private final int runs = Integer.getInteger("bench.runs", 3);
    private final int warmups = Integer.getInteger("bench.warmups", 1);
    private final double scale = Double.parseDouble(System.getProperty("bench.scale", "1"));
    private final boolean jfr = Boolean.parseBoolean(System.getProperty("bench.jfr", "true"));
    private final List<String> only = Arrays.stream(System.getProperty("bench.only", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList();
    /** A run stops handing out chunks after this many seconds; its rate counts what was sent. */
    private final double capSeconds = Double.parseDouble(System.getProperty("bench.cap", "20"));
    private final double warmupCapSeconds = Double.parseDouble(System.getProperty("bench.warmupCap", "8"));
    private double currentCap;
    /** Whether to bring the server to its steady state before the first measurement ({@link #warmUpServer}). */
    private final boolean serverWarmup = Boolean.parseBoolean(System.getProperty("bench.serverWarmup", "true"));
    /** The sections that measure the product's server, and so want it warm. */
    private static final List<String> SERVER_SECTIONS = List.of("ingest", "chunks", "reference", "status", "client",
            "pyclient", "nodes");
    /** Rounds of {@link #warmUpServer}, and the chunks of each size (4 KiB, 64 KiB, 1 MiB) one round sends. */
    private static final int WARMUP_ROUNDS = 3;
    private static final int WARMUP_SMALL = 5_000;
    private static final int WARMUP_MEDIUM = 1_000;
    private static final int WARMUP_LARGE = 100;
    private final byte[] payload = new byte[(int) MiB];

    /** What one run sent: wall time, bytes and chunks acknowledged, whether the time cap ended it early. */
    record Sent(double seconds, long bytes, long chunks, long plannedChunks) {
        boolean capped() {
            return chunks < plannedChunks;
        }
    }
    /**
     * Connections for the per-chunk runs: one shows the cost of a chunk alone, more show what group
     * commit shares between concurrent requests (many clients at once, or one with --parallel).
     */
    private static final int[] CHUNK_CONNECTIONS = {1, 4, 16};
    private final Results results = new Results();
    private final AtomicInteger fileSeq = new AtomicInteger();
    private BenchServer server;
    private URI base;

    public static void main(String[] args) throws Exception {
        new Benchmark().run();
        System.exit(0);
    }

    long scaled(long bytes) {
        return Math.max(4 * KiB, (long) (bytes * scale));
    }

    private int scaledCount(int n) {
        return Math.max(10, (int) (n * scale));
    }

    private boolean section(String name) {
        return only.isEmpty() || only.contains(name);
    }

    private void run() throws Exception {
        new Random(42).nextBytes(payload);
        deleteTree(outputDir);
        Files.createDirectories(outputDir);
        results.machine(Machine.describe(outputDir));
        results.before(Machine.otherProcesses());
        Path discardWar = discardWar();
        long started = System.nanoTime();
        try (BenchServer s = new BenchServer(outputDir, API_KEY, discardWar, dir.resolve("logs")).start()) {
            server = s;
            base = s.baseUri();
            log("server pid " + s.pid() + " at " + base + ", started in " + secs(System.nanoTime() - started)
                    + "; baseline RSS " + Rss.of(s.pid()).rssMiB() + " MiB");
            results.serverBaselineRss(Rss.of(s.pid()).rssMiB());
            if (serverWarmup && SERVER_SECTIONS.stream().anyMatch(this::section)) {
                warmUpServer();
            }
            if (section("ceiling")) {
                ceilings();
            }
            if (section("floor")) {
                durableFloor();
            }
            if (section("ingest")) {
                ingest();
            }
            if (section("chunks")) {
                chunkRates();
            }
            if (section("reference")) {
                reference();
            }
            if (section("status")) {
                status();
            }
            if (section("client")) {
                client();
            }
            if (section("pyclient")) {
                PythonClientBench.run(this, results, base, API_KEY, dir, scaled(GiB));
            }
            if (section("nodes")) {
                new ScaleBench(this, results, dir, API_KEY).run(new Setup("1 node, SQLite", base, List.of(s.pid()), 0, null));
            }
            results.serverEndRss(Rss.of(s.pid()));
        }
        results.after(Machine.otherProcesses());
        results.elapsed(System.nanoTime() - started);
        results.targets(Targets.render(results));
        String table = results.render();
        System.out.println();
        System.out.println(table);
        Files.writeString(dir.resolve("results.md"), table);
        log("written " + dir.resolve("results.md"));
    }

    // ---------------------------------------------------------------- warm-up

    /**
     * Brings the server to the steady state a long-running server is in, before anything of it is
     * measured: its JIT compiles the chunk path only after thousands of requests. Measured on a fresh
     * server, 1,500 chunks of 64 KiB at a time over one connection from a Python keep-alive client:
     * 392, 709, 786, 835 chunks/s for the first four runs, then 870–990 from about the sixth. A case
     * measured after its own warm-up run alone (64 MiB of 64 KiB chunks is 1,024 requests) took the
     * early figures: the same bench, same hour, gave 622 chunks/s without this warm-up and 1,346
     * with it. So, before the first section that measures the server, rounds of 4 KiB, 64 KiB and
     * 1 MiB chunks over one connection and 4 KiB chunks over four, every upload cancelled afterwards;
     * the count goes into results.md. {@code -Dbench.serverWarmup=false} leaves it out.
     */
    private void warmUpServer() throws Exception {
        long began = System.nanoTime();
        long requests = 0;
        double cap = currentCap;
        currentCap = 60; // the rounds are sized by count: only a server that stalls meets this
        try {
            for (int round = 0; round < WARMUP_ROUNDS; round++) {
                requests += uploadOnce("warm4k", scaledCount(WARMUP_SMALL) * 4 * KiB, 4 * KiB, 1).chunks();
                requests += uploadOnce("warm64k", scaledCount(WARMUP_MEDIUM) * 64 * KiB, 64 * KiB, 1).chunks();
                requests += uploadOnce("warm1m", scaledCount(WARMUP_LARGE) * MiB, MiB, 1).chunks();
                requests += uploadOnce("warm4k4c", scaledCount(WARMUP_SMALL) * 4 * KiB / 2, 4 * KiB, 4).chunks();
            }
        } finally {
            currentCap = cap;
        }
        String note = String.format(Locale.ROOT, "server warmed up before the first measurement: %,d chunk requests "
                + "(4 KiB, 64 KiB, 1 MiB over one connection, 4 KiB over four) in %s", requests,
                secs(System.nanoTime() - began));
        log(note);
        results.note(note);
        double rss = Rss.of(server.pid()).rssMiB();
        results.add(Results.memory("server RSS after the warm-up", new double[] {rss}, "baseline"), "rss.warm");
    }

    // ---------------------------------------------------------------- ceilings

    private void ceilings() throws Exception {
        long one = scaled(GiB);
        long quarter = scaled(256 * MiB);
        try (SocketSink sink = new SocketSink()) {
            URI sinkBase = sink.baseUri();
            results.add(Results.ceiling("loadgen → in-JVM socket sink, 1 GiB as 1 request", "loadgen.sink.1g",
                    mbps(measure(() -> upload(sinkBase, "/sink", List.of("x"), one, one, 1, false)))));
            results.add(Results.ceiling("loadgen → in-JVM socket sink, 1 GiB in 1 MiB requests", "loadgen.sink.1m",
                    mbps(measure(() -> upload(sinkBase, "/sink", List.of("x"), one, MiB, 1, false)))));
            long n64 = scaled(64 * MiB);
            results.add(Results.ceilingRate("loadgen → in-JVM socket sink, 64 KiB requests", "loadgen.sink.64k",
                    rate(measure(() -> upload(sinkBase, "/sink", List.of("x"), n64, 64 * KiB, 1, false)))));
            int n4 = scaledCount(20_000);
            results.add(Results.ceilingRate("loadgen → in-JVM socket sink, 4 KiB requests", "loadgen.sink.4k",
                    rate(measure(() -> upload(sinkBase, "/sink", List.of("x"), n4 * 4 * KiB, 4 * KiB, 1, false)))));
        }
        results.add(Results.ceiling("discard: 1 GiB as 1 request, 1 connection", "discard.1g",
                mbps(measure(() -> upload(base, "/discard/", List.of("x"), one, one, 1, false))))).vs("loadgen.sink.1g");
        results.add(Results.ceiling("discard: 4 × 256 MiB as 4 requests, 4 connections", "discard.4x256",
                mbps(measure(() -> upload(base, "/discard/", List.of("a", "b", "c", "d"), quarter, quarter, 1,
                        false)))));
        results.add(Results.ceiling("discard: 1 GiB in 1 MiB requests, 1 connection", "discard.1m",
                mbps(measure(() -> upload(base, "/discard/", List.of("x"), one, MiB, 1, false))))).vs("loadgen.sink.1m");
        results.add(Results.ceiling("discard: 4 × 256 MiB in 1 MiB requests, 4 connections", "discard.1m.4x",
                mbps(measure(() -> upload(base, "/discard/", List.of("a", "b", "c", "d"), quarter, MiB, 1,
                        false)))));
        long n64 = scaled(64 * MiB);
        discardRates("64 MiB in 64 KiB requests", "64k", n64, 64 * KiB);
        int n4 = scaledCount(20_000);
        discardRates("20,000 × 4 KiB requests", "4k", n4 * 4 * KiB, 4 * KiB);
        Latency get = latency(base, "/discard/status", 200);
        results.add(Results.ceilingLatency("discard: GET (tiny JSON answer), 1 connection", "discard.get", get));
        results.add(Results.ceiling("disk: 1 GiB to one file, FileChannel + force(true)", "disk.1g",
                mbps(measure(() -> disk(1, one)))));
        results.add(Results.ceiling("disk: 4 × 256 MiB to 4 files at once, + force(true)", "disk.4x256",
                mbps(measure(() -> disk(4, quarter)))));
    }

    /**
     * The discard ceiling of a per-chunk case over each of {@link #CHUNK_CONNECTIONS}; over one
     * connection also against the load generator's own ceiling for those requests.
     */
    private void discardRates(String what, String size, long bytes, long chunkSize) throws Exception {
        for (int connections : CHUNK_CONNECTIONS) {
            Results.Row row = results.add(Results.ceilingRate("discard: " + what + ", " + connectionsLabel(connections),
                    discardKey(size, connections), rate(measure(() -> upload(base, "/discard/",
                            List.of("x"), bytes, chunkSize, connections, false)))));
            if (connections == 1) {
                row.vs("loadgen.sink." + size);
            }
        }
    }

    /** Writes {@code files} files of {@code bytes} each into the output directory, then forces them. */
    private Sent disk(int files, long bytes) throws Exception {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            paths.add(outputDir.resolve(".bench-disk-" + i + ".bin"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(files);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Path path : paths) {
                done.add(pool.submit(() -> {
                    try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                        ByteBuffer buffer = ByteBuffer.wrap(payload);
                        long left = bytes;
                        while (left > 0) {
                            buffer.clear().limit((int) Math.min(payload.length, left));
                            while (buffer.hasRemaining()) {
                                left -= out.write(buffer);
                            }
                        }
                        out.force(true);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return new Sent((System.nanoTime() - start) / 1e9, files * bytes, files, files);
        } finally {
            pool.shutdown();
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        }
    }

    // ---------------------------------------------------------------- durable floor

    private static final String FLOOR_HOW = " (Java: append + force(false), 1 SQLite row committed, WAL, FULL)";

    /**
     * The durable floor ({@link DurableFloor}) at the sizes of the per-chunk and 1 MiB cases, with as
     * many chunks: per chunk it is the least a durable acknowledgement costs on this disk. Here the
     * 1 MiB floor, and the 4 KiB and 64 KiB floors when their cases are not measured in this run;
     * with the chunks section on, those two are taken run for run beside their one-connection case
     * ({@link #measureBesideFloor}).
     *
     * <p>The 1 MiB floor always runs here, on its own, back to back: the loop writes 1 GiB through
     * the page cache (as the issue defines it), and on this VM the cost of that depends on how
     * recently the pages were freed, not on the disk (see DirectIo in the server). Back to back it
     * reuses the pages its previous run freed: 596–1,319 MB/s in one session's runs, most over
     * 1,000; each run right after one of the server's 1 GiB runs (which writes with direct I/O and
     * frees no pages) found them handed back to the host: 389–400 MB/s, below the server itself.
     * The higher figure is the stricter ceiling.
     */
    private void durableFloor() throws Exception {
        if (!section("chunks")) {
            int n4 = scaledCount(20_000);
            List<Sent> t4 = measure(() -> floor().loop((int) (4 * KiB), n4 * 4 * KiB, deadline()));
            addFloor("4k", "20,000 × 4 KiB chunks", t4, false);
            List<Sent> t64 = measure(() -> floor().loop((int) (64 * KiB), scaled(64 * MiB), deadline()));
            addFloor("64k", "64 MiB in 64 KiB chunks", t64, false);
        }
        List<Sent> t1 = measure(() -> floor().loop((int) MiB, scaled(GiB), deadline()));
        addFloor("1m", "1 GiB in 1 MiB chunks", t1, false);
    }

    private DurableFloor floor() {
        return new DurableFloor(outputDir, payload);
    }

    private void addFloor(String size, String what, List<Sent> sent, boolean beside) {
        String label = "durable floor, " + what + FLOOR_HOW;
        Results.Row row = "1m".equals(size) ? results.add(Results.ceiling(label, "floor." + size, mbps(sent)))
                : results.add(Results.ceilingRate(label, "floor." + size, rate(sent)));
        row.extra = beside ? joinNotes("each run right before one of the case's one-connection runs", capNote(sent))
                : capNote(sent);
    }

    /** Two notes of a row, either of which may be empty. */
    static String joinNotes(String a, String b) {
        return b.isEmpty() ? a : a + "; " + b;
    }

    /**
     * The runs of {@code run}, each right after a run of the durable floor of its chunk size when
     * the floor section is on (and then the floor's row, under {@code floor.<size>}): the disk's
     * speed changes within minutes on this machine, and a floor measured minutes before its case
     * made the ratio a comparison of two moments rather than of two programs. (In one run the
     * 64 KiB case, measured right after the ingest cases had written 8 GiB, took 727 chunks/s; the
     * same case on the same server, in the nodes section a quarter of an hour later, 1,149.)
     */
    private List<Sent> measureBesideFloor(String size, String what, int chunkSize, long bytes, Callable<Sent> run)
            throws Exception {
        if (!section("floor")) {
            return measure(run);
        }
        Callable<Sent> floorRun = () -> floor().loop(chunkSize, bytes, deadline());
        warmUp(floorRun);
        warmUp(run);
        List<Sent> floors = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            floors.add(measuredRun(floorRun));
            sent.add(measuredRun(run));
        }
        addFloor(size, what, floors, true);
        return sent;
    }

    /** When a run that starts now must stop (bench.cap, or bench.warmupCap during warm-ups). */
    private long deadline() {
        return System.nanoTime() + (long) (currentCap * 1e9);
    }

    // ---------------------------------------------------------------- Python reference server

    /**
     * The Python reference server ({@link ReferenceServer}) with the cases of our one-connection
     * rows, sent by the same driver: 64 KiB chunks and 1 GiB in 1 MiB chunks. First as the issue
     * compares (each chunk's file synced before its row, so every acknowledged chunk is durable),
     * then as the Python original does it (no sync of the file; only SQLite's commit syncs).
     */
    private void reference() throws Exception {
        Path logs = dir.resolve("logs");
        for (boolean fsync : new boolean[] {true, false}) {
            String how = fsync ? "fdatasync per chunk" : "no sync of the file, as the original";
            String suffix = fsync ? "" : ".nosync";
            try (ReferenceServer ref = ReferenceServer.start(dir.resolve("reference" + suffix), API_KEY, fsync, logs)) {
                long n64 = scaled(64 * MiB);
                List<Sent> t64 = measure(() -> referenceOnce(ref, "ref64k", n64, 64 * KiB));
                results.add(Results.reference("Python reference server, " + how + ": 64 MiB in 64 KiB chunks, 1 connection",
                        "reference.64k" + suffix, rate(t64), "chunks/s").vs("floor.64k")).extra = capNote(t64);
                long one = scaled(GiB);
                List<Sent> t1 = measure(() -> referenceOnce(ref, "ref1m", one, MiB));
                results.add(Results.reference("Python reference server, " + how + ": 1 GiB in 1 MiB chunks, 1 connection",
                        "reference.1m" + suffix, mbps(t1), "MB/s").vs("floor.1m")).extra = capNote(t1);
            }
        }
    }

    private Sent referenceOnce(ReferenceServer ref, String prefix, long bytes, long chunkSize) throws Exception {
        String name = newName(prefix);
        try {
            return upload(ref.baseUri(), "/upload", List.of(name), bytes, chunkSize, 1, true);
        } finally {
            ref.remove(name);
        }
    }

    // ---------------------------------------------------------------- ingest

    private void ingest() throws Exception {
        long one = scaled(GiB);
        long quarter = scaled(256 * MiB);
        Rss.Sampler oneRss = new Rss.Sampler(server.pid());
        List<Sent> t1 = measure(() -> {
            String name = newName("ingest1g");
            oneRss.start();
            try {
                return upload(base, "/upload", List.of(name), one, MiB, 1, true);
            } finally {
                oneRss.stop();
                cancel(name);
            }
        });
        Results.Row r1 = results.add(Results.measured("ingest: 1 GiB in 1 MiB chunks, 1 keep-alive connection",
                mbps(t1), "MB/s", "discard.1g", "≥ 70% of discard", r -> r >= 0.70)
                .also("disk.1g").also("discard.1m").also("floor.1m"), "ingest.1g");
        r1.extra = capNote(t1);
        Rss.Sampler fourRss = new Rss.Sampler(server.pid());
        List<Sent> t4 = measure(() -> {
            List<String> names = List.of(newName("ingest4a"), newName("ingest4b"), newName("ingest4c"), newName("ingest4d"));
            fourRss.start();
            try {
                return upload(base, "/upload", names, quarter, MiB, 1, true);
            } finally {
                fourRss.stop();
                for (String name : names) {
                    cancel(name);
                }
            }
        });
        Results.Row r4 = results.add(Results.measured("ingest: 4 files × 256 MiB in 1 MiB chunks, 4 connections",
                mbps(t4), "MB/s", "discard.4x256", "≥ 70% of discard", r -> r >= 0.70)
                .also("disk.4x256").also("discard.1m.4x").also("floor.1m"), "ingest.4x");
        r4.extra = capNote(t4);
        results.add(Results.memory("server peak RSS during the 1 GiB, 1-connection runs (warm-up first)", oneRss.peakMiB(),
                "baseline"), "rss.ingest1");
        results.add(Results.memory("server peak RSS during the 4 × 256 MiB, 4-connection runs (warm-up first)",
                fourRss.peakMiB(), "baseline"), "rss.ingest4");
        if (jfr) {
            profiled("ingest-1MiB", () -> uploadOnce("profile1m", one, MiB, 1));
        }
    }

    // ---------------------------------------------------------------- per-chunk cost

    private void chunkRates() throws Exception {
        long n64 = scaled(64 * MiB);
        chunkRate("64 MiB in 64 KiB chunks", "64k", n64, 64 * KiB, 4000, "chunks-64KiB");
        int n4 = scaledCount(20_000);
        chunkRate("20,000 × 4 KiB chunks", "4k", n4 * 4 * KiB, 4 * KiB, 3000, "chunks-4KiB");
    }

    /** One per-chunk case over each of {@link #CHUNK_CONNECTIONS}, then its JFR-profiled run over one. */
    private void chunkRate(String what, String size, long bytes, long chunkSize, int targetPerSecond, String profile)
            throws Exception {
        for (int connections : CHUNK_CONNECTIONS) {
            Callable<Sent> run = () -> uploadOnce("chunks" + size, bytes, chunkSize, connections);
            List<Sent> t = connections == 1 ? measureBesideFloor(size, what, (int) chunkSize, bytes, run)
                    : measure(run);
            Results.Row row = results.add(Results.measuredRate("per-chunk: " + what + ", " + connectionsLabel(connections),
                    rate(t), discardKey(size, connections), String.format(Locale.ROOT, "≥ %,d chunks/s", targetPerSecond),
                    v -> v >= targetPerSecond).also("floor." + size), "chunks." + size + "." + connections + "c");
            row.extra = capNote(t);
        }
        if (jfr) {
            profiled(profile, () -> uploadOnce("profile" + size, bytes, chunkSize, 1));
        }
    }

    /** Key of the discard ceiling with the same requests over {@code connections} connections. */
    private static String discardKey(String size, int connections) {
        return connections == 1 ? "discard." + size : "discard." + size + "." + connections + "c";
    }

    private static String connectionsLabel(int connections) {
        return connections + " connection" + (connections > 1 ? "s" : "");
    }

    /** Uploads {@code bytes} under a fresh name, then cancels it so that the disk does not fill up. */
    private Sent uploadOnce(String prefix, long bytes, long chunkSize, int connections) throws Exception {
        String name = newName(prefix);
        try {
            return upload(base, "/upload", List.of(name), bytes, chunkSize, connections, true);
        } finally {
            cancel(name);
        }
    }

    // ---------------------------------------------------------------- status

    private void status() throws Exception {
        String seeded20k = seed("status20k.bin", 20_000);
        Latency l20 = latency(base, "/upload/status?filename=" + seeded20k, 200);
        results.add(Results.latency("status: GET /upload/status, 20,000 chunks received (rows seeded in SQLite)", l20,
                "discard.get", "< 5 ms", ms -> ms < 5), "status.20k");
        String seeded = seed("status100k.bin", 100_000);
        Latency l100 = latency(base, "/upload/status?filename=" + seeded, 100);
        results.add(Results.latency("status: GET /upload/status, 100,000 chunks received (rows seeded in SQLite)", l100,
                "discard.get", "< 25 ms", ms -> ms < 25), "status.100k");
        if (jfr) {
            profiled("status-100k", () -> {
                Latency l = latency(base, "/upload/status?filename=" + seeded, 50);
                return new Sent(l.medianMs() / 1000, 0, 50, 50);
            });
        }
    }

    /**
     * Seeds an upload of {@code chunks} received and placed 4 KiB chunks by inserting rows straight
     * into the tracking database while the server runs (benchmark seeding only: SQLite in WAL mode
     * takes a second writer process; the server reads the rows like its own).
     */
    private String seed(String name, int chunks) throws Exception {
        long now = System.currentTimeMillis();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + outputDir.resolve(".indexcp_chunks.db"))) {
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout=30000");
            }
            db.setAutoCommit(false);
            try (PreparedStatement up = db.prepareStatement("""
                    INSERT INTO upload (upload_key, file_name, client_upload_id, assembled_as, state, placed_chunks,
                                        placed_bytes, created_at, last_activity)
                    VALUES (?, ?, NULL, ?, 'receiving', ?, ?, ?, ?)""")) {
                up.setString(1, name);
                up.setString(2, name);
                up.setString(3, name);
                up.setInt(4, chunks);
                up.setLong(5, chunks * 4 * KiB);
                up.setLong(6, now);
                up.setLong(7, now);
                up.executeUpdate();
            }
            long id;
            try (PreparedStatement q = db.prepareStatement("SELECT id FROM upload WHERE upload_key = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            String sha = "0".repeat(64);
            try (PreparedStatement ins = db.prepareStatement("""
                    INSERT INTO received_chunk (upload_id, chunk_index, size_bytes, sha256, staged_as, received_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < chunks; i++) {
                    ins.setLong(1, id);
                    ins.setInt(2, i);
                    ins.setLong(3, 4 * KiB);
                    ins.setString(4, sha);
                    ins.setString(5, "seeded-" + i + ".part");
                    ins.setLong(6, now);
                    ins.addBatch();
                    if (i % 5000 == 4999) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            db.commit();
        }
        return name;
    }

    record Latency(double medianMs, double p95Ms, int samples, int chunksInAnswer) {
    }

    private Latency latency(URI target, String path, int samples) throws IOException {
        try (RawHttp http = new RawHttp(target)) {
            String headers = "Authorization: Bearer " + API_KEY + "\r\n";
            int chunks = -1;
            for (int i = 0; i < 10; i++) {
                RawHttp.Answer a = http.get(path, headers);
                check(a, path);
                chunks = countChunks(a.body());
            }
            double[] ms = new double[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                RawHttp.Answer a = http.get(path, headers);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                check(a, path);
            }
            Arrays.sort(ms);
            return new Latency(ms[samples / 2], ms[(int) Math.ceil(samples * 0.95) - 1], samples, chunks);
        }
    }

    private static int countChunks(String body) {
        int open = body.indexOf("\"receivedChunks\":[");
        if (open < 0) {
            return -1;
        }
        int from = open + 18;
        int close = body.indexOf(']', from);
        if (close == from) {
            return 0;
        }
        int n = 1;
        for (int i = from; i < close; i++) {
            if (body.charAt(i) == ',') {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- client

    private void client() throws Exception {
        ClientBench.run(this, results, base, API_KEY, dir, scaled(GiB));
    }

    // ---------------------------------------------------------------- machinery

    /**
     * Sends {@code bytesPerFile} bytes for each of {@code files} in chunks of {@code chunkSize},
     * each file over {@code connectionsPerFile} keep-alive connections of its own (chunk indexes
     * handed out in order); returns the wall time in seconds. With {@code product} true, every
     * answer must be a fresh "Chunk received".
     */
    Sent upload(URI target, String path, List<String> files, long bytesPerFile, long chunkSize,
            int connectionsPerFile, boolean product) throws Exception {
        int chunks = (int) ((bytesPerFile + chunkSize - 1) / chunkSize);
        int threads = files.size() * connectionsPerFile;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicLong sentBytes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong sentChunks = new java.util.concurrent.atomic.AtomicLong();
        long deadline = System.nanoTime() + (long) (currentCap * 1e9);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (String file : files) {
                AtomicInteger next = new AtomicInteger();
                for (int c = 0; c < connectionsPerFile; c++) {
                    tasks.add(() -> {
                        try (RawHttp http = new RawHttp(target)) {
                            String fixed = "Authorization: Bearer " + API_KEY + "\r\nX-File-Name: " + file + "\r\n";
                            int i;
                            while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < chunks) {
                                long size = Math.min(chunkSize, bytesPerFile - i * chunkSize);
                                RawHttp.Answer a = http.post(path, fixed + "X-Chunk-Index: " + i + "\r\n", payload, size);
                                if (product) {
                                    if (a.status() != 200 || !a.body().contains("\"Chunk received\"")) {
                                        throw new IllegalStateException("chunk " + i + " of " + file + ": " + a.status()
                                                + " " + a.body());
                                    }
                                } else {
                                    check(a, path);
                                }
                                sentBytes.addAndGet(size);
                                sentChunks.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            long start = System.nanoTime();
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
            return new Sent((System.nanoTime() - start) / 1e9, sentBytes.get(), sentChunks.get(),
                    (long) chunks * files.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void check(RawHttp.Answer a, String path) {
        if (a.status() != 200) {
            throw new IllegalStateException(path + " answered " + a.status() + " " + a.body());
        }
    }

    String newName(String prefix) {
        return prefix + "-" + fileSeq.incrementAndGet() + ".bin";
    }

    /** Removes an upload's file and rows (plain protocol cancel) so the disk does not fill up. */
    void cancel(String name) throws IOException {
        cancel(base, name);
    }

    void cancel(URI target, String name) throws IOException {
        try (RawHttp http = new RawHttp(target)) {
            http.delete("/upload?filename=" + name, "Authorization: Bearer " + API_KEY + "\r\n");
        }
    }

    /** Warm-ups (capped at bench.warmupCap seconds), then the measured runs (capped at bench.cap). */
    List<Sent> measure(Callable<Sent> run) throws Exception {
        warmUp(run);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            sent.add(measuredRun(run));
        }
        return sent;
    }

    /** The warm-up runs of {@link #measure}, for a caller that reads counters around each measured run. */
    void warmUp(Callable<Sent> run) throws Exception {
        currentCap = warmupCapSeconds;
        for (int i = 0; i < warmups; i++) {
            run.call();
        }
    }

    /** One measured run of {@link #measure}. */
    Sent measuredRun(Callable<Sent> run) throws Exception {
        currentCap = capSeconds;
        return run.call();
    }

    int runs() {
        return runs;
    }

    /** One more run, not counted, with a JFR recording (settings=profile) of the server around it. */
    void profiled(String name, Callable<Sent> run) throws Exception {
        Path file = dir.resolve("profile-" + name + ".jfr");
        Files.deleteIfExists(file);
        server.jcmd("JFR.start", "name=" + name, "settings=profile", "filename=" + file);
        currentCap = capSeconds;
        try {
            run.call();
        } finally {
            server.jcmd("JFR.stop", "name=" + name);
        }
        results.profile(name, file);
        log("JFR recording " + file);
    }

    static double[] mbps(List<Sent> sent) {
        return sent.stream().mapToDouble(s -> s.bytes() / 1e6 / s.seconds()).toArray();
    }

    static double[] rate(List<Sent> sent) {
        return sent.stream().mapToDouble(s -> s.chunks() / s.seconds()).toArray();
    }

    /** "time-capped" note for a row whose runs stopped early. */
    static String capNote(List<Sent> sent) {
        Sent shortest = sent.stream().min(Comparator.comparingLong(Sent::chunks)).orElseThrow();
        return shortest.capped() ? String.format(java.util.Locale.ROOT, "time-capped: as few as %,d of %,d chunks",
                shortest.chunks(), shortest.plannedChunks()) : "";
    }

    private Path discardWar() throws IOException {
        Path war = dir.resolve("discard.war");
        Files.createDirectories(dir);
        ShrinkWrap.create(WebArchive.class, "discard.war")
                .addClass(DiscardServlet.class)
                .addAsWebInfResource(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN" "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
                        <glassfish-web-app><context-root>/discard</context-root></glassfish-web-app>
                        """), "glassfish-web.xml")
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }

    static void log(String message) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
        System.out.flush();
    }

    private static String secs(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
