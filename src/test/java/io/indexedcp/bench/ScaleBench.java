package io.indexedcp.bench;

import io.indexedcp.testing.Nginx;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.ScratchPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The bench section {@code nodes} (issue 12, "Measured"): the same per-chunk and 1 MiB cases on one
 * node with SQLite (the benchmark's own server), one node with PostgreSQL, and three nodes with
 * PostgreSQL behind the shipped nginx, each row with what it cost every part per chunk
 * ({@link CostMeter}). Two cores cannot show scaling; these costs are what the README's capacity
 * model is computed from.
 */
final class ScaleBench {

    /** One case: chunk size and connections, all on one upload (several connections share its chunks). */
    record Case(String size, long chunkSize, long bytes, int connections) {
        String label() {
            return size + " chunks, " + connections + " connection" + (connections > 1 ? "s" : "");
        }

        boolean perChunk() {
            return chunkSize < Benchmark.MiB;
        }
    }

    private final Benchmark bench;
    private final Results results;
    private final Path dir;
    private final String apiKey;
    private final List<Case> cases;
    private final CostTable table = new CostTable();

    ScaleBench(Benchmark bench, Results results, Path dir, String apiKey) {
        this.bench = bench;
        this.results = results;
        this.dir = dir;
        this.apiKey = apiKey;
        long small = bench.scaled(64 * Benchmark.MiB);
        long large = bench.scaled(256 * Benchmark.MiB);
        cases = List.of(new Case("64 KiB", 64 * Benchmark.KiB, small, 1), new Case("64 KiB", 64 * Benchmark.KiB, small, 4),
                new Case("1 MiB", Benchmark.MiB, large, 1), new Case("1 MiB", Benchmark.MiB, large, 4));
    }

    /** Measures {@code sqlite} (already running), then starts, measures and stops the PostgreSQL setups. */
    void run(Setup sqlite) throws Exception {
        warmUp(sqlite.target());
        measure(sqlite);
        ScratchPostgres database;
        try {
            database = ScratchPostgres.create("indexedcp_bench");
        } catch (SQLException noPostgres) {
            Benchmark.log("PostgreSQL rows left out: no PostgreSQL on " + ScratchPostgres.host() + ": " + noPostgres.getMessage());
            results.section(table.render());
            return;
        }
        try (database) {
            measurePostgres(database);
        }
        results.section(table.render());
    }

    /** The PostgreSQL setups; the nodes stop before the database is dropped, so none sees it go. */
    private void measurePostgres(ScratchPostgres database) throws Exception {
        List<PayaraMicroProcess> nodes = startNodes(database);
        try {
            for (PayaraMicroProcess node : nodes) {
                warmUp(node.baseUri());
            }
            PayaraMicroProcess first = nodes.get(0);
            measure(new Setup("1 node, PostgreSQL", first.baseUri(), List.of(first.pid()), 0, database));
            if (!Nginx.installed()) {
                Benchmark.log("3-node rows left out: no " + Nginx.BINARY);
                return;
            }
            try (Nginx nginx = Nginx.start(dir, nodes.stream().map(PayaraMicroProcess::port).toList())) {
                measure(new Setup("3 nodes, PostgreSQL, nginx", nginx.base(),
                        nodes.stream().map(PayaraMicroProcess::pid).toList(), nginx.masterPid(), database));
            }
        } finally {
            for (PayaraMicroProcess node : nodes) {
                node.stop();
            }
        }
    }

    /** Three nodes on one fresh database and one output directory, started at once (as ScaleOutIT does). */
    private List<PayaraMicroProcess> startNodes(ScratchPostgres database) throws Exception {
        Path outputDir = Files.createDirectories(dir.resolve("uploads-pg"));
        ExecutorService starting = Executors.newFixedThreadPool(3);
        List<PayaraMicroProcess> created = new ArrayList<>();
        try {
            List<Future<PayaraMicroProcess>> started = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                PayaraMicroProcess node = new PayaraMicroProcess(outputDir, apiKey, database.serverEnvironment())
                        .withRootDir(dir.resolve("payara-node-" + name));
                created.add(node);
                started.add(starting.submit(node::start));
            }
            List<PayaraMicroProcess> nodes = new ArrayList<>();
            for (Future<PayaraMicroProcess> node : started) {
                nodes.add(node.get(300, TimeUnit.SECONDS));
            }
            Benchmark.log("nodes " + nodes.stream().map(n -> n.pid() + "@" + n.port()).toList() + " on " + database.name());
            return nodes;
        } catch (Exception e) {
            for (PayaraMicroProcess node : created) {
                node.stop();
            }
            throw e;
        } finally {
            starting.shutdownNow();
        }
    }

    /**
     * Every case sent straight to one node, unmeasured: a fresh JVM's first thousands of requests
     * also pay for JIT compilation, which would otherwise land in the CPU per chunk of whichever
     * row comes first (in a first run, a fresh node cost twice the CPU per chunk of a warm one).
     */
    private void warmUp(URI node) throws Exception {
        for (Case c : cases) {
            bench.warmUp(() -> sendAndCancel(node, c));
        }
    }

    /** How long the nodes are read while nothing is sent, for their CPU floor. */
    private static final long IDLE_MILLIS = 5000;

    private void measure(Setup setup) throws Exception {
        CostMeter meter = new CostMeter(setup);
        // A node's CPU that comes with the clock rather than with chunks (timers, GC, health checks):
        // measured apart, so that CPU per chunk is not read as all variable cost.
        CostMeter.Snapshot idleStart = meter.take();
        Thread.sleep(IDLE_MILLIS);
        table.idle(setup, meter.between(idleStart, meter.take()), IDLE_MILLIS / 1000.0);
        for (Case c : cases) {
            bench.warmUp(() -> sendAndCancel(setup.target(), c));
            List<Benchmark.Sent> sent = new ArrayList<>();
            CostMeter.Cost cost = CostMeter.Cost.zero(setup);
            for (int i = 0; i < bench.runs(); i++) {
                String name = bench.newName("nodes");
                CostMeter.Snapshot before = meter.take();
                sent.add(bench.measuredRun(() -> send(setup.target(), c, name)));
                cost = cost.plus(meter.between(before, meter.take()));
                bench.cancel(setup.target(), name); // outside the readings: a cancel is not part of a chunk's cost
            }
            long chunks = sent.stream().mapToLong(Benchmark.Sent::chunks).sum();
            double[] values = c.perChunk() ? Benchmark.rate(sent) : Benchmark.mbps(sent);
            Results.Row row = results.add(new Results.Row("nodes: " + setup.label() + ", " + c.label(), null, values,
                    c.perChunk() ? "chunks/s" : "MB/s", Results.Kind.MEASURED));
            CostTable.Line line = table.add(setup, c, row.median(), row.unit, cost, chunks);
            row.extra = Benchmark.joinNotes(line.summary(), Benchmark.capNote(sent));
        }
    }

    private Benchmark.Sent sendAndCancel(URI target, Case c) throws Exception {
        String name = bench.newName("nodes-warmup");
        try {
            return send(target, c, name);
        } finally {
            bench.cancel(target, name);
        }
    }

    private Benchmark.Sent send(URI target, Case c, String name) throws Exception {
        return bench.upload(target, "/upload", List.of(name), c.bytes(), c.chunkSize(), c.connections(), true);
    }
}
