package io.indexedcp.server.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.indexedcp.server.fault.FaultTally.Phase;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Start, send chunks of several files from several threads (random order, some twice), kill -9 at
 * a random moment, restart on the same output directory; again and again. After every restart the
 * SET of acknowledged chunk indexes of each file must be within what status reports, and each
 * file must be exactly the source's recorded prefix; at the end every file is completed and
 * compared byte for byte. Also: however often it was killed, the server leaves one Payara runtime
 * folder, not one per crash.
 *
 * <p>Cycles: {@code -Dfault.crashLoop.cycles} (default 8), but no new cycle starts once
 * {@code -Dfault.crashLoop.budgetSeconds} (default 200) are used, after at least 3: a start takes
 * 15 s on an idle machine and a minute on a busy one, and the test should stay near 4 minutes.
 */
class CrashLoopIT {

    private static final String KEY = "crash-loop-key";
    private static final int CHUNK = 64 * 1024;
    private static final int SENDERS = 4;

    private PayaraMicroProcess server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.kill();
            server.stop(); // on the killed process: removes its runtime folder
        }
    }

    @Test
    void killedAgainAndAgainLosesNothingAcknowledgedAndCorruptsNothing() throws Exception {
        int maxCycles = Integer.getInteger("fault.crashLoop.cycles", 8);
        long budgetNanos = TimeUnit.SECONDS.toNanos(Long.getLong("fault.crashLoop.budgetSeconds", 200));
        FaultTally tally = new FaultTally("crash-loop", 0);
        Random random = new Random(Long.getLong("fault.crashLoop.seed", 20261202L));
        Path work = FaultWorkDirs.fresh("crash-loop");
        Path outputDir = work.resolve("uploads");
        Path javaTmp = Path.of(System.getProperty("java.io.tmpdir"));
        int runtimeFoldersBefore = PayaraMicroProcess.unpackedRuntimeFolders(javaTmp).size();
        List<TrackedUpload> files = List.of(
                new TrackedUpload("loop-a.bin", 40 * CHUNK + 1000, CHUNK, 1),
                new TrackedUpload("loop-b.bin", 32 * CHUNK, CHUNK, 2),
                new TrackedUpload("loop-c.bin", 48 * CHUNK + 17, CHUNK, 3));
        long start = System.nanoTime();
        int cycles = 0;
        try {
            while (cycles < maxCycles && (cycles < 3 || System.nanoTime() - start < budgetNanos)) {
                cycles++;
                server = new PayaraMicroProcess(outputDir, KEY).start();
                RawUploads client = new RawUploads(server.baseUri(), KEY, Duration.ofSeconds(20));
                List<int[]> work1 = checkAfterRestart(client, files, outputDir, tally, "at start " + cycles, random);
                int acknowledgedBeforeKill = sendAndKillAtRandom(client, files, work1, tally, random, cycles);
                System.out.printf("crash-loop: cycle %d: %d requests planned, killed after %d acknowledgements; "
                        + "acknowledged so far %s%n", cycles, work1.size(), acknowledgedBeforeKill,
                        files.stream().map(f -> f.name + "=" + f.acknowledged.size() + "/" + f.chunks.size()).toList());
            }
            // A last start: check, then finish every file without a kill and compare the bytes.
            server = new PayaraMicroProcess(outputDir, KEY).start();
            RawUploads client = new RawUploads(server.baseUri(), KEY, Duration.ofSeconds(20));
            checkAfterRestart(client, files, outputDir, tally, "at the final start", random);
            for (TrackedUpload file : files) {
                file.completeAndVerify(client, outputDir, tally, "at the end");
            }
            System.out.printf("crash-loop: %d kill -9 cycles in %.0f s%n", cycles, (System.nanoTime() - start) / 1e9);
        } finally {
            tally.print();
        }
        tally.assertClean();
        // Defect 14: one runtime folder for this output directory however many crashes, none in java.io.tmpdir.
        try (Stream<Path> entries = Files.list(work)) {
            assertEquals(List.of("uploads", "uploads.payara-root"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(runtimeFoldersBefore, PayaraMicroProcess.unpackedRuntimeFolders(javaTmp).size(),
                "kill -9 must not leave payaramicro-rt* folders in " + javaTmp);
    }

    /**
     * Right after a start, before any traffic: nothing acknowledged lost, each file its recorded
     * prefix, and a complete file byte-identical. Returns this cycle's requests: every missing
     * chunk, plus about a fifth of the acknowledged ones again, shuffled.
     */
    private static List<int[]> checkAfterRestart(RawUploads client, List<TrackedUpload> files, Path outputDir,
            FaultTally tally, String when, Random random) throws Exception {
        List<int[]> requests = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            TrackedUpload file = files.get(f);
            TreeSet<Integer> received = file.checkNothingLost(client, tally, when);
            file.checkFileAgreesWithRecord(outputDir, received, tally, when);
            if (received.size() == file.chunks.size()) {
                file.verifyWhole(outputDir, tally, when);
            }
            for (int index = 0; index < file.chunks.size(); index++) {
                if (!received.contains(index) || random.nextInt(5) == 0) {
                    requests.add(new int[] {f, index});
                }
            }
        }
        Collections.shuffle(requests, random);
        return requests;
    }

    /**
     * {@value #SENDERS} threads send the requests; after a random number of acknowledgements (at
     * least one, at most all but a few) the server is killed with requests in flight. Returns the
     * acknowledgements counted before the kill.
     */
    private int sendAndKillAtRandom(RawUploads client, List<TrackedUpload> files, List<int[]> requests,
            FaultTally tally, Random random, int cycle) throws Exception {
        int killAfter = 1 + random.nextInt(Math.max(1, requests.size() * 3 / 4));
        CountDownLatch enough = new CountDownLatch(killAfter);
        AtomicInteger next = new AtomicInteger();
        AtomicLong firstAcknowledged = new AtomicLong();
        long ready = System.nanoTime();
        AtomicInteger acknowledged = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean killing = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            senders.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests.size() && server.isAlive()) {
                    int[] request = requests.get(i);
                    int status = files.get(request[0]).send(client, request[1], tally, Phase.NORMAL, true);
                    if (status == -1 && !killing.get()) {
                        // No answer is expected once the kill has come (those requests were in flight), only then.
                        tally.problem("cycle " + cycle + ": chunk " + request[1] + " of " + files.get(request[0]).name
                                + " got no answer before the kill");
                    }
                    if (status == 200) {
                        acknowledged.incrementAndGet();
                        firstAcknowledged.compareAndSet(0, System.nanoTime());
                        enough.countDown();
                    }
                }
                return null;
            });
        }
        boolean reached = enough.await(120, TimeUnit.SECONDS);
        if (!reached) {
            tally.problem("cycle " + cycle + ": only " + acknowledged.get() + " acknowledgements in 120 s, " + killAfter + " wanted");
        }
        int before = acknowledged.get();
        killing.set(true);
        server.kill();
        senders.shutdown();
        if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
            senders.shutdownNow();
            tally.problem("cycle " + cycle + ": senders still waiting 60 s after the kill");
        }
        if (firstAcknowledged.get() != 0) {
            // The fault (the previous kill) is gone once the server is ready again; until its first
            // acknowledgement it is not yet serving.
            tally.unavailableAfterFault(Duration.ofNanos(firstAcknowledged.get() - ready));
        }
        return before;
    }
}
