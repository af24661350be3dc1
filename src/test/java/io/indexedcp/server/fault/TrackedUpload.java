package io.indexedcp.server.fault;

import io.indexedcp.server.fault.FaultTally.Phase;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plain upload under a fault: its source bytes, its chunks, and the set of chunk indexes the
 * server has acknowledged (answered 200) — the set the server promised to keep, whatever happens.
 */
final class TrackedUpload {

    private static final Pattern RECEIVED = Pattern.compile("\"receivedChunks\":\\[([0-9,]*)]");

    final String name;
    final byte[] source;
    final int chunkSize;
    final List<byte[]> chunks;
    final Set<Integer> acknowledged = new ConcurrentSkipListSet<>();

    TrackedUpload(String name, int size, int chunkSize, long seed) {
        this.name = name;
        this.source = RawUploads.randomBytes(size, seed);
        this.chunkSize = chunkSize;
        this.chunks = RawUploads.chunks(source, chunkSize);
    }

    /**
     * Sends chunk {@code index} and counts its answer; a 200 joins the acknowledged set. Returns the
     * status, or -1 when no answer came (counted as such unless {@code expectNoAnswer}, as while the
     * server is being killed).
     */
    int send(RawUploads client, int index, FaultTally tally, Phase phase, boolean expectNoAnswer)
            throws InterruptedException {
        String what = "POST chunk " + index + " of " + name;
        try {
            HttpResponse<String> answer = client.sendChunk(name, index, chunks.get(index));
            if (answer.statusCode() == 200) {
                if (answer.body().contains("\"chunkIndex\":" + index)) {
                    acknowledged.add(index);
                } else {
                    tally.problem(what + ": 200 with an unexpected body " + FaultTally.abbreviate(answer.body()));
                }
            }
            tally.answer(what, answer, phase);
            return answer.statusCode();
        } catch (IOException e) {
            if (!expectNoAnswer) {
                tally.noAnswer(what, e);
            }
            return -1;
        }
    }

    int send(RawUploads client, int index, FaultTally tally, Phase phase) throws InterruptedException {
        return send(client, index, tally, phase, false);
    }

    /** What status reports as received, or empty when status itself fails (counted). */
    Optional<TreeSet<Integer>> received(RawUploads client, FaultTally tally, Phase phase) throws InterruptedException {
        String what = "GET status of " + name;
        try {
            HttpResponse<String> answer = client.status(name);
            tally.answer(what, answer, phase);
            if (answer.statusCode() != 200) {
                return Optional.empty();
            }
            Matcher list = RECEIVED.matcher(answer.body());
            if (!list.find()) {
                tally.problem(what + ": no receivedChunks in " + FaultTally.abbreviate(answer.body()));
                return Optional.empty();
            }
            TreeSet<Integer> received = new TreeSet<>();
            if (!list.group(1).isEmpty()) {
                Arrays.stream(list.group(1).split(",")).map(Integer::valueOf).forEach(received::add);
            }
            return Optional.of(received);
        } catch (IOException e) {
            tally.noAnswer(what, e);
            return Optional.empty();
        }
    }

    /** Every acknowledged index must be in what status reports; the rest is counted as lost. */
    TreeSet<Integer> checkNothingLost(RawUploads client, FaultTally tally, String when) throws InterruptedException {
        Optional<TreeSet<Integer>> received = received(client, tally, Phase.NORMAL);
        if (received.isEmpty()) {
            tally.problem(name + ": status unavailable " + when + ", cannot compare with the acknowledged set");
            return new TreeSet<>();
        }
        TreeSet<Integer> lost = new TreeSet<>(acknowledged);
        lost.removeAll(received.get());
        tally.lost(name, lost, when);
        return received.get();
    }

    /**
     * With no request in flight (just after a restart, or once traffic stopped): the target file is
     * exactly the source's contiguous prefix of recorded chunks — nothing half-written is visible.
     */
    void checkFileAgreesWithRecord(Path outputDir, TreeSet<Integer> received, FaultTally tally, String when)
            throws IOException {
        int prefix = 0;
        while (received.contains(prefix)) {
            prefix++;
        }
        long expectedLength = Math.min((long) prefix * chunkSize, source.length);
        Path file = outputDir.resolve(name);
        byte[] onDisk = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        if (onDisk.length != expectedLength) {
            tally.corrupted(name + " " + when + ": " + onDisk.length + " bytes on disk, the recorded prefix of " + prefix
                    + " chunks is " + expectedLength);
        } else if (!Arrays.equals(onDisk, Arrays.copyOf(source, (int) expectedLength))) {
            tally.corrupted(name + " " + when + ": bytes of the recorded prefix differ from the source");
        }
    }

    /**
     * Sends what status lists as missing (each once; a refusal is counted) and compares the whole
     * file. Gives up at the first request without an answer: a hanging server would otherwise cost
     * a time-out per chunk.
     */
    void completeAndVerify(RawUploads client, Path outputDir, FaultTally tally, String when)
            throws IOException, InterruptedException {
        TreeSet<Integer> received = received(client, tally, Phase.NORMAL).orElse(new TreeSet<>());
        for (int index = chunks.size() - 1; index >= 0; index--) {
            if (!received.contains(index) && send(client, index, tally, Phase.NORMAL) == -1) {
                tally.problem(name + " " + when + ": gave up completing it after chunk " + index + " got no answer");
                return;
            }
        }
        TreeSet<Integer> after = received(client, tally, Phase.NORMAL).orElse(new TreeSet<>());
        if (after.size() != chunks.size()) {
            tally.problem(name + " " + when + ": after resending the missing chunks status lists " + after.size()
                    + " of " + chunks.size());
            return;
        }
        verifyWhole(outputDir, tally, when);
    }

    void verifyWhole(Path outputDir, FaultTally tally, String when) throws IOException {
        Path file = outputDir.resolve(name);
        if (!Files.exists(file)) {
            tally.corrupted(name + " " + when + ": complete by status, but no file");
        } else if (!Sha256.of(file).equals(Sha256.of(source))) {
            tally.corrupted(name + " " + when + ": SHA-256 differs from the source (" + Files.size(file) + " bytes on disk, "
                    + source.length + " sent)");
        }
    }
}
