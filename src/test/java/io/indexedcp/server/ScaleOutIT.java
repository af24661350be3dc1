package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.Nginx;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.ScratchPostgres;
import io.indexedcp.testing.Sha256;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three Payara Micro nodes with the same WAR, one fresh PostgreSQL database made for the run, one
 * output directory. Eight senders spread the chunks of plain and v2 uploads (shuffled, with
 * duplicates) over two of the nodes; one of them is killed with {@code kill -9} mid-upload and
 * restarted while the senders carry on through the other. Then the third node, which received no
 * chunk, completes the v2 uploads; every node answers the same status and listing; a DELETE on one
 * is seen by all; the expiry job ran on one node per period; every file is byte-identical and no
 * acknowledged chunk is missing.
 */
class ScaleOutIT {

    private static final String KEY = "scale-out-test-key";
    private static final int CHUNK = 64 * 1024;
    private static final int SENDERS = 8;
    private static final long EXPIRY_INTERVAL_MILLIS = 2_000;
    private static final Pattern EXPIRY_RUN = Pattern.compile("Expiry run of period (\\d+) on (\\S+)");

    /** One upload of the run: plain when {@code uploadId} is null. */
    record Upload(String name, String uploadId, byte[] source, List<byte[]> chunks) {
    }

    /** One chunk to send, and whether it is a duplicate sent again on purpose. */
    record Send(Upload upload, int index) {
    }

    private ScratchPostgres database;
    private final List<PayaraMicroProcess> servers = new CopyOnWriteArrayList<>();
    private Path outputDir;
    private Map<String, String> environment;

    @BeforeEach
    void freshDatabaseAndDirectory() throws Exception {
        try (Connection reachable = ScratchPostgres.admin()) {
            // PostgreSQL is there
        } catch (SQLException e) {
            Assumptions.abort("ScaleOutIT needs PostgreSQL on " + ScratchPostgres.host() + " (user postgres, trust): "
                    + e.getMessage());
        }
        database = ScratchPostgres.create("indexedcp_scale");
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("scale-out-it");
        Files.createDirectories(root);
        outputDir = Files.createTempDirectory(root, "uploads-");
        environment = new HashMap<>(database.serverEnvironment());
        environment.put("INDEXEDCP_EXPIRY_INTERVAL", "PT" + EXPIRY_INTERVAL_MILLIS / 1000 + "S");
    }

    @AfterEach
    void stopServersAndDropDatabase() throws Exception {
        for (PayaraMicroProcess server : servers) {
            server.stop();
        }
        if (database != null) { // null: skipped, no PostgreSQL
            database.close();
        }
    }

    @Test
    void threeNodesOneDatabaseOneVolume() throws Exception {
        List<PayaraMicroProcess> started = startNodes("a", "b", "c");
        PayaraMicroProcess a = started.get(0);
        PayaraMicroProcess b = started.get(1);
        PayaraMicroProcess c = started.get(2);

        List<Upload> uploads = List.of(upload("plain-1.bin", null, 48, 1), upload("plain-2.bin", null, 40, 2),
                upload("v2-1.bin", "u-1", 48, 3), upload("v2-2.bin", "u-2", 40, 4));
        List<Send> work = new ArrayList<>();
        for (Upload upload : uploads) {
            for (int i = 0; i < upload.chunks().size(); i++) {
                work.add(new Send(upload, i));
                if (i % 5 == 0) {
                    work.add(new Send(upload, i)); // a duplicate, possibly at the same time on another node
                }
            }
        }
        Collections.shuffle(work, new Random(12));

        // Senders spread the chunks over a and b (c receives none); b dies and comes back meanwhile.
        List<RawUploads> targets = new CopyOnWriteArrayList<>(List.of(client(a), client(b)));
        ConcurrentLinkedQueue<Send> queue = new ConcurrentLinkedQueue<>(work);
        Set<String> acknowledged = new ConcurrentSkipListSet<>();
        CountDownLatch aThird = new CountDownLatch(work.size() / 3);
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            done.add(senders.submit(() -> {
                int turn = sender;
                for (Send send; (send = queue.poll()) != null; ) {
                    for (int attempt = 0; ; attempt++) {
                        assertTrue(attempt < 200, "chunk " + send + " not acknowledged in 200 attempts");
                        RawUploads target = targets.get(turn++ % targets.size());
                        if (send(target, send)) {
                            acknowledged.add(send.upload().name() + "#" + send.index());
                            aThird.countDown();
                            break;
                        }
                    }
                }
                return null;
            }));
        }
        assertTrue(aThird.await(300, TimeUnit.SECONDS), "a third of the chunks acknowledged within 300 s");
        targets.remove(1);
        long killedInPeriod = System.currentTimeMillis() / EXPIRY_INTERVAL_MILLIS;
        b.kill(); // mid-upload: the senders' requests to b fail, and they carry on through a
        PayaraMicroProcess restarted = node("b2").start();
        targets.add(client(restarted));
        for (Future<?> sender : done) {
            sender.get(600, TimeUnit.SECONDS);
        }
        senders.shutdown();

        // No acknowledged chunk missing, as every node sees it.
        for (PayaraMicroProcess node : List.of(a, restarted, c)) {
            for (Upload upload : uploads) {
                assertEquals(allIndexes(upload), status(client(node), upload), upload.name() + " on " + node.port());
            }
        }
        assertEquals(work.stream().map(send -> send.upload().name() + "#" + send.index()).distinct().count(),
                acknowledged.size());

        // Completion on c, which received no chunk of these uploads.
        for (Upload upload : uploads) {
            if (upload.uploadId() != null) {
                HttpResponse<String> complete = client(c).complete(upload.name(), upload.uploadId(),
                        upload.chunks().size(), upload.source().length, Sha256.of(upload.source()));
                assertEquals(200, complete.statusCode(), complete.body());
            }
            assertEquals(Sha256.of(upload.source()), Sha256.of(outputDir.resolve(upload.name())), upload.name());
        }

        // Status and listing identical from every node.
        String listing = client(a).get("uploads").body();
        assertEquals(listing, client(restarted).get("uploads").body());
        assertEquals(listing, client(c).get("uploads").body());

        // A DELETE on one node is seen by all.
        assertEquals(200, client(a).cancel("v2-2.bin", "u-2").statusCode());
        for (PayaraMicroProcess node : List.of(a, restarted, c)) {
            assertEquals(List.of(), status(client(node), uploads.get(3)), "the cancelled upload is gone on " + node.port());
            assertEquals(client(a).get("uploads").body(), client(node).get("uploads").body());
        }

        // The expiry job ran on exactly one node per period, and went on after b's death (even if b
        // died holding the claim: it lapses within 30 s), bounded by a deadline.
        List<PayaraMicroProcess> all = List.of(a, b, restarted, c);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Map<Long, List<String>> runs = expiryRuns(all);
        while ((runs.size() < 5 || runs.keySet().stream().noneMatch(period -> period > killedInPeriod))
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            runs = expiryRuns(all);
        }
        assertTrue(runs.keySet().stream().anyMatch(period -> period > killedInPeriod),
                "an expiry run after period " + killedInPeriod + ", when b was killed: " + runs);
        assertTrue(runs.size() >= 5, "expiry runs seen: " + runs);
        runs.forEach((period, nodes) -> assertEquals(1, nodes.size(), "period " + period + " ran on " + nodes));
    }

    /** Which nodes' logs say they ran which period of the expiry job. */
    private static Map<Long, List<String>> expiryRuns(List<PayaraMicroProcess> nodes) throws IOException {
        Map<Long, List<String>> runs = new HashMap<>();
        for (PayaraMicroProcess node : nodes) {
            Matcher run = EXPIRY_RUN.matcher(Files.readString(node.log()));
            while (run.find()) {
                runs.computeIfAbsent(Long.parseLong(run.group(1)), period -> new ArrayList<>()).add(run.group(2));
            }
        }
        return runs;
    }

    /**
     * The same through nginx with the shipped configuration (ports changed only), and the project's
     * CLI as the client: one node is killed mid-upload, the CLI retries through the others.
     */
    @Test
    void theCliThroughNginxWhileANodeIsKilled() throws Exception {
        Assumptions.assumeTrue(Nginx.installed(), "needs Debian's nginx (apt-get install nginx-light)");
        List<PayaraMicroProcess> nodes = startNodes("x", "y", "z");
        Path work = Files.createTempDirectory(outputDir.getParent(), "nginx-");
        try (Nginx nginx = Nginx.start(work, nodes.stream().map(PayaraMicroProcess::port).toList())) {
            int chunks = 128;
            Path file = work.resolve("through-nginx.bin");
            Files.write(file, RawUploads.randomBytes(chunks * 256 * 1024 - 7, 21));
            ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", System.getProperty("indexedcp.cliJar"), "upload", "--buffer", work.resolve("buffer.db").toString(),
                    "--chunk-size", "256K", "--parallel", "4", "--initial-delay", "100ms", "--server",
                    nginx.base().resolve("upload").toString(), file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("cli.log").toFile());
            command.environment().put("INDEXEDCP_API_KEY", KEY);
            Process cli = command.start();
            cli.getOutputStream().close();
            try {
                RawUploads watcher = client(nodes.get(0));
                Pattern received = Pattern.compile("\"filename\":\"through-nginx.bin\"[^}]*\"receivedChunks\":(\\d+)");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                int seen = 0;
                while (seen < chunks / 3 && cli.isAlive()) {
                    assertTrue(System.nanoTime() < deadline, "a third of the chunks within 300 s");
                    Matcher m = received.matcher(watcher.get("uploads").body());
                    seen = m.find() ? Integer.parseInt(m.group(1)) : 0;
                    cli.waitFor(100, TimeUnit.MILLISECONDS);
                }
                assertTrue(cli.isAlive(), "the CLI still sending when the node dies");
                nodes.get(1).kill();
                assertTrue(cli.waitFor(300, TimeUnit.SECONDS), "the CLI finishes within 300 s");
                String log = Files.readString(work.resolve("cli.log"));
                assertEquals(0, cli.exitValue(), log);
                assertTrue(log.contains("through-nginx.bin -> through-nginx.bin"), log);
            } finally {
                cli.destroyForcibly();
            }
            assertEquals(Sha256.of(file), Sha256.of(outputDir.resolve("through-nginx.bin")));
        }
    }

    private boolean send(RawUploads target, Send send) throws InterruptedException {
        Upload upload = send.upload();
        byte[] body = upload.chunks().get(send.index());
        try {
            HttpResponse<String> answer = upload.uploadId() == null
                    ? target.sendChunk(upload.name(), send.index(), body)
                    : target.sendChunk(upload.name(), upload.uploadId(), send.index(), body, RawUploads.digestOf(body));
            return answer.statusCode() == 200;
        } catch (IOException nodeDown) {
            return false; // the killed node, or one not yet listening: try the next
        }
    }

    private static List<Integer> allIndexes(Upload upload) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < upload.chunks().size(); i++) {
            all.add(i);
        }
        return all;
    }

    private static List<Integer> status(RawUploads client, Upload upload) throws Exception {
        HttpResponse<String> answer = upload.uploadId() == null ? client.status(upload.name())
                : client.status(upload.name(), upload.uploadId());
        assertEquals(200, answer.statusCode(), answer.body());
        Matcher list = Pattern.compile("\"receivedChunks\":\\[([0-9,]*)]").matcher(answer.body());
        assertTrue(list.find(), answer.body());
        List<Integer> indexes = new ArrayList<>();
        for (String index : list.group(1).split(",")) {
            if (!index.isEmpty()) {
                indexes.add(Integer.parseInt(index));
            }
        }
        return indexes;
    }

    private List<PayaraMicroProcess> startNodes(String... names) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(names.length);
        try {
            List<Future<PayaraMicroProcess>> nodes = new ArrayList<>();
            for (String name : names) {
                PayaraMicroProcess node = node(name);
                nodes.add(starting.submit(node::start));
            }
            List<PayaraMicroProcess> started = new ArrayList<>();
            for (Future<PayaraMicroProcess> node : nodes) {
                started.add(node.get(300, TimeUnit.SECONDS));
            }
            return started;
        } finally {
            starting.shutdownNow();
        }
    }

    private PayaraMicroProcess node(String name) throws IOException {
        PayaraMicroProcess node = new PayaraMicroProcess(outputDir, KEY, environment)
                .withRootDir(outputDir.resolveSibling(outputDir.getFileName() + ".payara-" + name));
        servers.add(node);
        return node;
    }

    private static RawUploads client(PayaraMicroProcess node) {
        return new RawUploads(node.baseUri(), KEY);
    }

    private static Upload upload(String name, String uploadId, int chunks, long seed) {
        byte[] source = RawUploads.randomBytes(chunks * CHUNK - 123, seed);
        return new Upload(name, uploadId, source, RawUploads.chunks(source, CHUNK));
    }
}
