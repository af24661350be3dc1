package io.indexedcp.server.fault;

import io.indexedcp.server.fault.FaultTally.Phase;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tracking database's files taken away under a running server: deleted
 * ({@code .indexcp_chunks.db} and its {@code -wal}/{@code -shm}), or made read-only (the db and wal
 * files, or the output directory). The server must notice — readiness DOWN, chunks refused with a
 * 503 JSON error, never a 200 for a chunk it does not record — and, once permissions are restored,
 * serve again by itself. (With only the directory read-only, the database and an existing upload's
 * file can still be written: a 200 for such a chunk is accepted if it is recorded; a new file,
 * which cannot be created, must get the 503.)
 *
 * <p>The tests run as root in CI, and root ignores permission bits: {@code chmod 0444} alone would
 * change nothing for a server running as root. So as root the files are also made immutable
 * ({@code chattr +i}), which refuses writes to root too and makes {@code access(W_OK)} fail, as
 * {@code chmod} does for an ordinary user.
 */
class DatabaseFilesIT {

    private static final String KEY = "database-files-key";
    private static final int CHUNK = 256 * 1024;
    private static final String DB = ".indexcp_chunks.db";
    /** Chunks are 256 KiB: 10 s without an answer is a hang. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    private static final Duration NOTICE_BOUND = Duration.ofSeconds(10);

    private PayaraMicroProcess server;
    private final List<Path> madeReadOnly = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            restoreWritable();
        } finally {
            if (server != null) {
                server.kill();
                server.stop(); // on the killed process: removes its runtime folder
            }
        }
    }

    @Test
    void deletedDatabaseFilesAreNoticedAndNoChunkIsAcknowledgedUnrecorded() throws Exception {
        FaultTally tally = new FaultTally("db-deleted", 503);
        try {
            Path outputDir = FaultWorkDirs.fresh("db-deleted").resolve("uploads");
            TrackedUpload upload = new TrackedUpload("deleted-db.bin", 12 * CHUNK + 5, CHUNK, 81);
            TrackedUpload fresh = new TrackedUpload("after-delete.bin", 3 * CHUNK, CHUNK, 82);
            server = new PayaraMicroProcess(outputDir, KEY).start();
            RawUploads client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            for (int index : List.of(0, 1, 2, 3, 9)) {
                upload.send(client, index, tally, Phase.NORMAL);
            }

            for (String file : List.of(DB, DB + "-wal", DB + "-shm")) {
                Files.deleteIfExists(outputDir.resolve(file));
            }
            // What the server acknowledged before the deletion is the operator's loss, not the server's:
            // only acknowledgements given after it are held against the server.
            TrackedUpload afterFault = new TrackedUpload(upload.name, upload.source.length, CHUNK, 81);
            awaitHealth(client, 503, tally, "after the database files were deleted");
            for (int index : List.of(4, 5, 6, 7, 10)) {
                int status = afterFault.send(client, index, tally, Phase.FAULT);
                tally.check(status == 503, "chunk " + index + " after the database files were deleted answered "
                        + status + " instead of 503");
            }
            int status = fresh.send(client, 0, tally, Phase.FAULT);
            tally.check(status == 503, "a new file's chunk after the database files were deleted answered " + status
                    + " instead of 503");
            System.out.println("db-deleted: after the deletion the server acknowledged " + afterFault.acknowledged
                    + " of " + upload.name + ", " + fresh.acknowledged + " of " + fresh.name + "; files now "
                    + listing(outputDir));

            // A restart on the same directory: whatever was acknowledged after the deletion must be there.
            server.kill();
            server = new PayaraMicroProcess(outputDir, KEY).start();
            client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            afterFault.checkNothingLost(client, tally, "after the deletion, a kill -9 and a restart");
            fresh.checkNothingLost(client, tally, "after the deletion, a kill -9 and a restart");
            RawUploads restarted = client;
            Duration bound = Duration.ofSeconds(30);
            Optional<Duration> serving = Bounded.await(bound, Duration.ofMillis(200),
                    () -> fresh.send(restarted, 0, tally, Phase.RECOVERING) == 200);
            tally.unavailableAfterFault(serving.orElse(bound));
            // The old file's chunks are no longer recorded: sending them all again must give the source's bytes.
            upload.completeAndVerify(client, outputDir, tally, "after the deletion and a restart");
            fresh.completeAndVerify(client, outputDir, tally, "after the deletion and a restart");
        } finally {
            tally.print();
        }
        tally.assertClean();
    }

    @ParameterizedTest(name = "read-only {0}")
    @ValueSource(strings = {"files", "directory"})
    void readOnlyDatabaseIsRefusedWith503AndHealsOnItsOwn(String what) throws Exception {
        FaultTally tally = new FaultTally("db-read-only-" + what, 503);
        try {
            Path outputDir = FaultWorkDirs.fresh("db-read-only-" + what).resolve("uploads");
            TrackedUpload upload = new TrackedUpload("read-only.bin", 12 * CHUNK + 5, CHUNK, 83);
            TrackedUpload fresh = new TrackedUpload("new-while-read-only.bin", 3 * CHUNK, CHUNK, 84);
            server = new PayaraMicroProcess(outputDir, KEY).start();
            RawUploads client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            for (int index : List.of(0, 1, 2, 3, 9)) {
                upload.send(client, index, tally, Phase.NORMAL);
            }

            if (what.equals("files")) {
                makeReadOnly(outputDir.resolve(DB), "0444");
                makeReadOnly(outputDir.resolve(DB + "-wal"), "0444");
            } else {
                makeReadOnly(outputDir, "0555");
            }
            awaitHealth(client, 503, tally, "with the database " + what + " read-only");
            for (int index : List.of(4, 5, 6, 10)) {
                int status = upload.send(client, index, tally, Phase.FAULT);
                // A read-only directory leaves the existing database and target files writable: a 200 is
                // honest there if the chunk is recorded (checked below, and again after a restart).
                boolean honest = status == 503 || (what.equals("directory") && status == 200);
                tally.check(honest, "chunk " + index + " with the database " + what + " read-only answered "
                        + status + " instead of 503");
            }
            int status = fresh.send(client, 0, tally, Phase.FAULT);
            tally.check(status == 503, "a new file's chunk with the database " + what + " read-only answered " + status
                    + " instead of 503");
            Optional<TreeSet<Integer>> received = upload.received(client, tally, Phase.FAULT);
            System.out.println("db-read-only-" + what + ": status while read-only: " + received
                    + "; acknowledged " + upload.acknowledged + " and " + fresh.acknowledged);

            restoreWritable();
            RawUploads healing = client;
            Duration bound = Duration.ofSeconds(30);
            Optional<Duration> serving = Bounded.await(bound, Duration.ofMillis(200),
                    () -> upload.send(healing, 4, tally, Phase.RECOVERING) == 200);
            tally.unavailableAfterFault(serving.orElse(bound));
            awaitHealth(client, 200, tally, "after the permissions were restored");
            upload.checkNothingLost(client, tally, "after the permissions were restored");
            fresh.checkNothingLost(client, tally, "after the permissions were restored");
            upload.completeAndVerify(client, outputDir, tally, "after the permissions were restored");
            fresh.completeAndVerify(client, outputDir, tally, "after the permissions were restored");

            server.kill();
            server = new PayaraMicroProcess(outputDir, KEY).start();
            client = new RawUploads(server.baseUri(), KEY, ANSWER_BOUND);
            upload.checkNothingLost(client, tally, "after kill -9 and restart");
            fresh.checkNothingLost(client, tally, "after kill -9 and restart");
            upload.verifyWhole(outputDir, tally, "after kill -9 and restart");
            fresh.verifyWhole(outputDir, tally, "after kill -9 and restart");
        } finally {
            tally.print();
        }
        tally.assertClean();
    }

    /** Polls readiness until it answers {@code expected}, within {@link #NOTICE_BOUND}. */
    private static void awaitHealth(RawUploads client, int expected, FaultTally tally, String when) throws Exception {
        int[] last = {-1};
        String[] body = {""};
        Optional<Duration> took = Bounded.await(NOTICE_BOUND, Duration.ofMillis(200), () -> {
            try {
                HttpResponse<String> health = client.health();
                last[0] = health.statusCode();
                body[0] = health.body();
            } catch (IOException e) {
                last[0] = -1;
                body[0] = e.toString();
            }
            return last[0] == expected;
        });
        tally.check(took.isPresent(), "GET /health/ready " + when + " still answered " + last[0] + " after "
                + NOTICE_BOUND.toSeconds() + " s instead of " + expected + ": " + FaultTally.abbreviate(body[0]));
    }

    private void makeReadOnly(Path path, String mode) throws Exception {
        if (!Files.exists(path)) {
            System.out.println("(" + path + " does not exist; nothing to make read-only)");
            return;
        }
        madeReadOnly.add(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode.equals("0444") ? "r--r--r--" : "r-xr-xr-x"));
        if (isRoot()) {
            int exit = run("chattr", "+i", path.toString());
            if (exit != 0) {
                System.out.println("(chattr +i " + path + " failed with " + exit + ": as root, chmod alone changes nothing)");
            }
        }
    }

    private void restoreWritable() throws Exception {
        for (Path path : madeReadOnly) {
            if (isRoot()) {
                run("chattr", "-i", path.toString());
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        madeReadOnly.clear();
    }

    private static boolean isRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        id.waitFor(10, TimeUnit.SECONDS);
        return new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().equals("0");
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
