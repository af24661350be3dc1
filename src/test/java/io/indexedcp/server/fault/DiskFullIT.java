package io.indexedcp.server.fault;

import io.indexedcp.server.fault.FaultTally.Phase;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The output directory on a 32 MiB tmpfs that the test fills with a filler file and then frees.
 * While full: chunks are refused with 507 and a JSON error (never 500, never a 200 for bytes not
 * stored), readiness is DOWN, status still answers. Once freed: the same server serves again
 * within seconds, without a restart; every acknowledged chunk is in the finished file; a kill -9
 * and restart, even while the disk is full, lose nothing.
 */
class DiskFullIT {

    private static final String KEY = "disk-full-key";
    private static final int CHUNK = 1024 * 1024;
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(20);
    /** While the disk is full an answer needs no disk: 5 s is a hang (and keeps the test short). */
    private static final Duration FAULT_ANSWER_BOUND = Duration.ofSeconds(5);

    private SmallFileSystem disk;
    private PayaraMicroProcess server;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (server != null) {
                server.kill();
                server.stop(); // on the killed process: removes its runtime folder
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void fullDiskIsRefusedWith507AndHealsWithoutARestart() throws Exception {
        FaultTally tally = new FaultTally("disk-full", 507);
        try {
            Path outputDir = mountOutputDirectory();
            TrackedUpload upload = new TrackedUpload("full.bin", 10 * CHUNK + 4321, CHUNK, 71);
            TrackedUpload other = new TrackedUpload("other.bin", 2 * CHUNK, CHUNK, 72);
            server = new PayaraMicroProcess(outputDir, KEY).withRootDir(outputDir.getParent().resolveSibling("payara-root")).start();
            RawUploads client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            for (int index : List.of(0, 1, 2, 3, 7)) { // 7 waits in staging for 4..6
                upload.send(client, index, tally, Phase.NORMAL);
            }
            tally.check(upload.acknowledged.size() == 5, "before the fault only " + upload.acknowledged + " of 0-3,7 were acknowledged");

            Path filler = disk.root().resolve("filler");
            long filled = SmallFileSystem.fill(filler);
            System.out.println("disk-full: filler wrote " + filled + " bytes; free now " + Files.getFileStore(disk.root()).getUsableSpace());
            RawUploads faultClient = new RawUploads(server.baseUri(), KEY, FAULT_ANSWER_BOUND);
            whileFull(faultClient, upload, other, tally, "while full");

            Files.delete(filler);
            awaitServingAgain(faultClient, upload, 4, tally);
            checkHealth(client, 200, tally, "after the filler was deleted");
            upload.checkNothingLost(client, tally, "after the disk was freed");
            upload.completeAndVerify(client, outputDir, tally, "after the disk was freed");

            server.kill();
            server = new PayaraMicroProcess(outputDir, KEY).withRootDir(server.rootDir()).start();
            client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            upload.checkNothingLost(client, tally, "after kill -9 and restart");
            upload.verifyWhole(outputDir, tally, "after kill -9 and restart");
            other.completeAndVerify(client, outputDir, tally, "after kill -9 and restart");
        } finally {
            tally.print();
        }
        tally.assertClean();
    }

    @Test
    void killedWhileTheDiskIsFullRestartsAndLosesNothing() throws Exception {
        FaultTally tally = new FaultTally("disk-full-killed", 507);
        try {
            Path outputDir = mountOutputDirectory();
            TrackedUpload upload = new TrackedUpload("killed-full.bin", 8 * CHUNK + 99, CHUNK, 73);
            TrackedUpload other = new TrackedUpload("other.bin", 2 * CHUNK, CHUNK, 74);
            server = new PayaraMicroProcess(outputDir, KEY).withRootDir(outputDir.getParent().resolveSibling("payara-root")).start();
            RawUploads client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            for (int index : List.of(0, 1, 2, 5)) {
                upload.send(client, index, tally, Phase.NORMAL);
            }
            Path filler = disk.root().resolve("filler");
            SmallFileSystem.fill(filler);
            whileFull(new RawUploads(server.baseUri(), KEY, FAULT_ANSWER_BOUND), upload, other, tally, "while full");
            server.kill();

            // Restarted on the still-full disk: the application must come up (not ready), not fail to deploy.
            server = new PayaraMicroProcess(outputDir, KEY).withRootDir(server.rootDir()).launch();
            int health;
            try {
                health = server.awaitHealthAnswer(Duration.ofSeconds(180));
            } catch (IllegalStateException notDeployed) {
                health = -1;
                tally.problem("restarted on a full disk, the application did not come up: " + notDeployed.getMessage());
            }
            client = new RawUploads(server.baseUri(), KEY, FAULT_ANSWER_BOUND);
            if (health != -1) {
                tally.check(health == 503, "restarted on a full disk, readiness answered " + health + " instead of 503 DOWN");
                upload.checkNothingLost(client, tally, "after kill -9 and a restart on the full disk");
                whileFull(client, upload, other, tally, "restarted while full");
            }

            Files.delete(filler);
            if (health == -1) {
                // Nothing else to learn from this process: start one on the freed disk and check the data.
                server.kill();
                server = new PayaraMicroProcess(outputDir, KEY).withRootDir(server.rootDir()).start();
            }
            client = new RawUploads(server.baseUri(), KEY, FAULT_ANSWER_BOUND);
            awaitServingAgain(client, upload, 3, tally);
            client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            upload.checkNothingLost(client, tally, "after the disk was freed");
            upload.completeAndVerify(client, outputDir, tally, "after the disk was freed");
            other.completeAndVerify(client, outputDir, tally, "after the disk was freed");
        } finally {
            tally.print();
        }
        tally.assertClean();
    }

    /** The output directory on a fresh 32 MiB tmpfs; the Payara runtime stays off it (it is 170 MB). */
    private Path mountOutputDirectory() throws Exception {
        Path work = FaultWorkDirs.fresh("disk-full");
        disk = SmallFileSystem.mount(work.resolve("mnt"), 32);
        Path outputDir = disk.root().resolve("uploads");
        Files.createDirectories(outputDir);
        return outputDir;
    }

    /**
     * The next chunk in order, one further ahead, the short last chunk, and a new file's first
     * chunk: each 507 with a JSON error; readiness DOWN; status 200.
     */
    private static void whileFull(RawUploads client, TrackedUpload upload, TrackedUpload other, FaultTally tally,
            String when) throws Exception {
        TreeSet<Integer> missing = new TreeSet<>();
        for (int index = 0; index < upload.chunks.size(); index++) {
            if (!upload.acknowledged.contains(index)) {
                missing.add(index);
            }
        }
        List<Integer> tried = new java.util.ArrayList<>(missing.stream().limit(2).toList());
        if (!tried.contains(missing.last())) {
            tried.add(missing.last());
        }
        for (int index : tried) {
            int status = upload.send(client, index, tally, Phase.FAULT);
            tally.check(status == 507 || status == -1, "chunk " + index + " of " + upload.name + " " + when
                    + " answered " + status + " instead of 507");
            if (status == 200) {
                tally.problem("chunk " + index + " " + when + " answered 200: 1 MiB cannot have been stored on a full disk");
            }
        }
        int status = other.send(client, 0, tally, Phase.FAULT);
        tally.check(status == 507, "a new file's first chunk " + when + " answered " + status + " instead of 507");
        checkHealth(client, 503, tally, when);
        Optional<TreeSet<Integer>> received = upload.received(client, tally, Phase.FAULT);
        tally.check(received.isPresent(), "status " + when + " did not answer 200 (reading needs no space)");
    }

    private static void checkHealth(RawUploads client, int expected, FaultTally tally, String when) throws Exception {
        try {
            HttpResponse<String> health = client.health();
            tally.check(health.statusCode() == expected, "GET /health/ready " + when + " answered " + health.statusCode()
                    + " instead of " + expected + ": " + FaultTally.abbreviate(health.body()));
        } catch (java.io.IOException e) {
            tally.noAnswer("GET /health/ready " + when, e);
        }
    }

    /**
     * From the moment the disk is freed: resends {@code index} until it is taken (or the bound is
     * exhausted), without restarting anything; the time it took is the unavailability.
     */
    private static void awaitServingAgain(RawUploads client, TrackedUpload upload, int index, FaultTally tally)
            throws Exception {
        Duration bound = Duration.ofSeconds(30);
        Optional<Duration> took = Bounded.await(bound, Duration.ofMillis(200),
                () -> upload.send(client, index, tally, Phase.RECOVERING) == 200);
        tally.unavailableAfterFault(took.orElse(bound));
        if (took.isEmpty()) {
            tally.problem("chunk " + index + " still refused " + bound.toSeconds() + " s after the disk was freed");
        }
    }
}
