package io.indexedcp.server.fault;

import io.indexedcp.server.fault.FaultTally.Phase;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 100 connections send valid chunk headers and then trickle their 1,000,000-byte bodies at one
 * byte per second, while a normal client uploads 20 MiB in 1 MiB chunks and asks for status: the
 * normal traffic must go through at normal speed (every status answer within 2 s, the upload
 * complete and byte-identical, no 5xx), and nothing of the slow bodies may become visible.
 */
class SlowBodiesIT {

    private static final String KEY = "slow-bodies-key";
    private static final int CHUNK = 1024 * 1024;
    private static final int SLOW_CONNECTIONS = 100;
    private static final Duration STATUS_BOUND = Duration.ofSeconds(2);
    private static final Duration UPLOAD_DEADLINE = Duration.ofSeconds(120);

    private PayaraMicroProcess server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void hundredSlowBodiesDoNotHoldUpNormalUploadsOrStatus() throws Exception {
        FaultTally tally = new FaultTally("slow-bodies", 0);
        try {
            Path outputDir = FaultWorkDirs.fresh("slow-bodies").resolve("uploads");
            server = new PayaraMicroProcess(outputDir, KEY).start();
            TrackedUpload upload = new TrackedUpload("normal-20m.bin", 20 * CHUNK, CHUNK, 91);
            // Bounds well above "normal speed" so that a hang shows as a time-out, not as a stuck build.
            RawUploads client = new RawUploads(server.baseUri(), KEY, Duration.ofSeconds(30));
            RawUploads statusClient = new RawUploads(server.baseUri(), KEY, Duration.ofSeconds(10));

            List<Long> statusMillis = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean polling = new AtomicBoolean(true);
            long uploadNanos;
            Map<String, Integer> slowAnswers;
            try (SlowBodies slow = new SlowBodies(server.port(), KEY, SLOW_CONNECTIONS)) {
                tally.check(slow.awaitEstablished(30), "the slow connections did not all get two bytes out within 30 s");
                Thread poller = new Thread(() -> pollStatus(statusClient, upload, tally, statusMillis, polling), "status-poller");
                poller.start();
                long start = System.nanoTime();
                uploadWithRetries(client, upload, tally, start + UPLOAD_DEADLINE.toNanos());
                uploadNanos = System.nanoTime() - start;
                polling.set(false);
                poller.join(15_000);
                slowAnswers = slow.stopAndCollectAnswers();
                System.out.println("slow-bodies: after " + slow.bytesPerConnection() + " s of trickling, the slow connections had: "
                        + slowAnswers);
            }
            System.out.printf("slow-bodies: 20 MiB upload took %.1f s; %d status answers, slowest %d ms%n",
                    uploadNanos / 1e9, statusMillis.size(), statusMillis.stream().mapToLong(Long::longValue).max().orElse(-1));

            List<Long> slowOnes = statusMillis.stream().filter(ms -> ms > STATUS_BOUND.toMillis()).toList();
            tally.check(slowOnes.isEmpty(), slowOnes.size() + " of " + statusMillis.size() + " status answers took longer than "
                    + STATUS_BOUND.toMillis() + " ms: " + slowOnes);
            tally.check(!statusMillis.isEmpty(), "no status answer at all during the upload");
            tally.check(upload.acknowledged.size() == upload.chunks.size(), "only " + upload.acknowledged.size() + " of "
                    + upload.chunks.size() + " chunks of the 20 MiB upload were acknowledged within " + UPLOAD_DEADLINE.toSeconds() + " s");

            // The slow connections are closed: the server serves at once, and none of their bytes is visible.
            Duration bound = Duration.ofSeconds(60);
            Optional<Duration> serving = Bounded.await(bound, Duration.ofMillis(200),
                    () -> upload.received(statusClient, tally, Phase.RECOVERING).isPresent());
            tally.unavailableAfterFault(serving.orElse(bound));
            upload.checkNothingLost(client, tally, "after the slow connections were closed");
            upload.completeAndVerify(client, outputDir, tally, "after the slow connections were closed");
            TrackedUpload slowFile = new TrackedUpload("slow-0.bin", 1, 1, 0);
            tally.check(slowFile.received(client, tally, Phase.NORMAL).map(TreeSet::isEmpty).orElse(false),
                    "a slow body's chunk is recorded though its body never arrived");
            try (var files = Files.list(outputDir)) {
                List<String> visible = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("slow-")).toList();
                tally.check(visible.isEmpty(), "half-sent slow bodies are visible in the output directory: " + visible);
            }
        } finally {
            tally.print();
        }
        tally.assertClean();
    }

    /** Sends every chunk in order; a 503 is counted (a 5xx under this fault) and retried as Retry-After says, at most 1 s. */
    private static void uploadWithRetries(RawUploads client, TrackedUpload upload, FaultTally tally, long deadlineNanos)
            throws InterruptedException {
        for (int index = 0; index < upload.chunks.size(); index++) {
            while (System.nanoTime() - deadlineNanos < 0) {
                int status = upload.send(client, index, tally, Phase.FAULT);
                if (status == 200) {
                    break;
                }
                if (status != 503 && status != -1) {
                    break; // a refusal that retrying will not change; counted already
                }
                LockSupport.parkNanos(Duration.ofMillis(status == 503 ? 1000 : 200).toNanos()); // client back-off
            }
        }
    }

    private static void pollStatus(RawUploads client, TrackedUpload upload, FaultTally tally, List<Long> millis,
            AtomicBoolean polling) {
        while (polling.get()) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> answer = client.status(upload.name);
                millis.add((System.nanoTime() - start) / 1_000_000);
                tally.answer("GET status of " + upload.name, answer, Phase.FAULT);
            } catch (IOException e) {
                millis.add((System.nanoTime() - start) / 1_000_000);
                tally.noAnswer("GET status of " + upload.name + " during the slow bodies", e);
            } catch (InterruptedException e) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos()); // the pace of the polling
        }
    }
}
