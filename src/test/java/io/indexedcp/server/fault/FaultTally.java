package io.indexedcp.server.fault;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one fault did to the promise: acknowledged chunks lost, corrupted files, 5xx answers other
 * than the fault's own clear refusal (507 for a full disk, 503 for an unusable database), answers
 * that never came, and how long the server stayed unavailable after the fault was gone. Tests count
 * as they go and record every breach with its details instead of stopping at the first one, so
 * that one run shows everything; {@link #assertClean} then fails with the whole list. The summary
 * line goes to standard output and to {@code target/fault-summary.txt}.
 */
final class FaultTally {

    /** Where a request was sent, relative to the fault. */
    enum Phase {
        /** No fault: every 5xx is a breach. */
        NORMAL,
        /** The fault is on: the expected refusal is counted, any other 5xx is a breach. */
        FAULT,
        /** The fault is gone, the server not yet back: refusals show as unavailability, not as 5xx. */
        RECOVERING
    }

    /** Longest a server may take to serve again after a fault is gone: "within seconds". */
    static final Duration HEALING_BOUND = Duration.ofSeconds(10);

    private final String fault;
    private final int expectedRefusal;
    private final AtomicInteger acknowledgedLost = new AtomicInteger();
    private final AtomicInteger corrupted = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger noAnswer = new AtomicInteger();
    private double unavailableSeconds;
    private final List<String> problems = new ArrayList<>();

    /** {@code expectedRefusal}: the status the fault is to be answered with, 0 if none. */
    FaultTally(String fault, int expectedRefusal) {
        this.fault = fault;
        this.expectedRefusal = expectedRefusal;
    }

    /** Counts one answer; {@code what} names the request in a breach's message. */
    void answer(String what, HttpResponse<String> answer, Phase phase) {
        int status = answer.statusCode();
        if (status < 500) {
            return;
        }
        if (phase != Phase.NORMAL && status == expectedRefusal) {
            refusals.incrementAndGet();
            if (!isJsonError(answer.body())) {
                problem(what + ": " + status + " without a JSON {\"error\":…} body: " + abbreviate(answer.body()));
            }
            return;
        }
        serverErrors.incrementAndGet();
        problem(what + " answered " + status + " (" + phase + "): " + abbreviate(answer.body()));
    }

    /** A request that got no answer at all (time-out, reset) while the server was meant to be up. */
    void noAnswer(String what, Exception e) {
        noAnswer.incrementAndGet();
        problem(what + ": no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }

    void lost(String file, java.util.Collection<Integer> indexes, String when) {
        if (indexes.isEmpty()) {
            return;
        }
        acknowledgedLost.addAndGet(indexes.size());
        problem(file + ": acknowledged chunks " + indexes + " not reported by status " + when);
    }

    void corrupted(String what) {
        corrupted.incrementAndGet();
        problem("corrupted: " + what);
    }

    /** Time from the end of the fault until the server served again; the longest one counts. */
    synchronized void unavailableAfterFault(Duration unavailable) {
        unavailableSeconds = Math.max(unavailableSeconds, unavailable.toMillis() / 1000.0);
        if (unavailable.compareTo(HEALING_BOUND) > 0) {
            problems.add("unavailable for " + unavailable.toMillis() / 1000.0 + " s after the fault was gone (bound "
                    + HEALING_BOUND.toSeconds() + " s)");
        }
    }

    /** A breach that no counter covers (health UP on a broken server, a 200 for bytes that could not be stored, ...). */
    synchronized void problem(String description) {
        problems.add(description);
    }

    void check(boolean condition, String description) {
        if (!condition) {
            problem(description);
        }
    }

    int refusals() {
        return refusals.get();
    }

    synchronized String summary() {
        String refused = expectedRefusal == 0 ? "" : " " + expectedRefusal + "=" + refusals.get();
        return String.format(Locale.ROOT,
                "FAULT-SUMMARY %s: acknowledged-lost=%d corrupted=%d 5xx=%d%s no-answer=%d unavailable-after-fault-s=%.1f",
                fault, acknowledgedLost.get(), corrupted.get(), serverErrors.get(), refused, noAnswer.get(),
                unavailableSeconds);
    }

    /** Prints the summary line (also appended to target/fault-summary.txt, one line per fault run). */
    void print() {
        String line = summary();
        System.out.println(line);
        synchronized (this) {
            // Also here, not only in assertClean: a test that ends in an exception still shows what it saw.
            problems.stream().limit(40).forEach(p -> System.out.println("  - " + p));
        }
        try {
            Path file = Path.of(System.getProperty("indexedcp.it.logDir", "target/it-logs")).resolveSibling("fault-summary.txt");
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("(could not append to fault-summary.txt: " + e + ")");
        }
    }

    /** Fails unless every count is zero and nothing else went wrong, listing every breach. */
    synchronized void assertClean() {
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder(summary()).append(System.lineSeparator());
            problems.stream().limit(60).forEach(p -> message.append("  - ").append(p).append(System.lineSeparator()));
            if (problems.size() > 60) {
                message.append("  ... and ").append(problems.size() - 60).append(" more");
            }
            fail(message.toString());
        }
    }

    static boolean isJsonError(String body) {
        return body != null && body.strip().startsWith("{\"error\":");
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "null";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
