package io.indexedcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.client.FaultyProxy;
import io.indexedcp.client.FaultyProxy.Hold;
import io.indexedcp.client.FaultyProxy.Pass;
import io.indexedcp.client.ItServer;
import io.indexedcp.client.buffer.ChunkBuffer;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar indexedcp-cli.jar} end to end against the real server, including a kill mid-upload. */
class CliIT {

    private static final int CHUNK = 64 * 1024;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static ItServer server;

    @TempDir
    Path dir;

    private Path buffer;
    private CliProcess cli;

    @BeforeAll
    static void startServer() throws Exception {
        server = ItServer.start(CliIT.class);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() {
        buffer = dir.resolve("buffer.db");
        cli = new CliProcess(dir, Map.of("INDEXEDCP_API_KEY", ItServer.API_KEY));
    }

    private Path source(String label, int size) throws Exception {
        Path file = dir.resolve(label + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() + ".bin");
        Files.write(file, RawUploads.randomBytes(size, size * 13L + 1));
        return file;
    }

    /** The command with the test's buffer, chunk size and retry delay, where the command has those options. */
    private String[] args(String command, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        if (!command.equals("status")) {
            all.addAll(List.of("--buffer", buffer.toString()));
        }
        if (command.equals("upload") || command.equals("add")) {
            all.addAll(List.of("--chunk-size", "64K"));
        }
        if (!command.equals("add") && !command.equals("clear")) {
            all.addAll(List.of("--initial-delay", "50ms"));
        }
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private void assertStoredIdentical(Path file) throws Exception {
        assertEquals(Sha256.of(file), Sha256.of(server.stored(file.getFileName().toString())), file.toString());
    }

    @Test
    void uploadSendsEveryFileByteIdenticalAndEmptiesTheBuffer() throws Exception {
        List<Path> files = List.of(source("zero", 0), source("one", 1), source("chunk", CHUNK), source("many", 5 * CHUNK + 9));

        CliProcess.Result upload = cli.run(args("upload", "--server", server.uploadUri().toString(),
                files.get(0).toString(), files.get(1).toString(), files.get(2).toString(), files.get(3).toString()));

        assertEquals(0, upload.exit(), upload.err());
        assertEquals(files.stream().map(f -> f + " -> " + f.getFileName()).toList(), upload.outLines());
        for (Path file : files) {
            assertStoredIdentical(file);
        }
        CliProcess.Result ls = cli.run(args("ls"));
        assertEquals(0, ls.exit(), ls.err());
        assertEquals("", ls.out());
    }

    @Test
    void addListsChunkCountsAndResumeSendsToTheQueuedServer() throws Exception {
        Path big = source("queued-big", 3 * CHUNK - 1);
        Path small = source("queued-small", 5);

        CliProcess.Result add = cli.run(args("add", "--server", server.uploadUri().toString(), big.toString(), small.toString()));
        assertEquals(0, add.exit(), add.err());
        assertEquals(List.of(big + ": 3 chunks", small + ": 1 chunk"), add.outLines());

        CliProcess.Result ls = cli.run(args("ls"));
        assertEquals(0, ls.exit(), ls.err());
        assertEquals(3, ls.outLines().size(), ls.out());
        assertTrue(ls.outLines().get(1).matches("3/3\\s+" + (3 * CHUNK - 1) + "\\s+" + server.uploadUri() + "\\s+" + big), ls.out());
        assertTrue(ls.outLines().get(2).matches("1/1\\s+5\\s+" + server.uploadUri() + "\\s+" + small), ls.out());

        // INDEXEDCP_SERVER points nowhere: files queued with a server must still go to theirs.
        CliProcess withEnvServer = new CliProcess(dir, Map.of("INDEXEDCP_API_KEY", ItServer.API_KEY,
                "INDEXEDCP_SERVER", "http://127.0.0.1:" + unusedPort() + "/upload"));
        CliProcess.Result resume = withEnvServer.run(args("resume"));
        assertEquals(0, resume.exit(), resume.err());
        assertEquals(List.of(big + " -> " + big.getFileName(), small + " -> " + small.getFileName()), resume.outLines());
        assertStoredIdentical(big);
        assertStoredIdentical(small);
        assertEquals("", cli.run(args("ls")).out());
    }

    @Test
    void aKilledUploadIsFinishedByFlushSendingOnlyTheMissingChunks() throws Exception {
        Path file = source("killed", 10 * CHUNK - 3);
        String name = file.getFileName().toString();
        try (FaultyProxy proxy = new FaultyProxy(server.port())) {
            proxy.onPost(new Pass(), new Pass(), new Pass(), new Hold());
            // One chunk at a time, so that the fourth chunk POST is chunk 3 and nothing passes it.
            CliProcess.Started upload = cli.start(args("upload", "--parallel", "1", "--server", proxy.uploadUri().toString(),
                    file.toString()));

            assertEquals(3, proxy.awaitHeld(Duration.ofSeconds(120)).chunkIndex());
            upload.kill();

            CliProcess.Result status = cli.run(args("status", name, "--server", server.uploadUri().toString()));
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().strip().matches(java.util.regex.Pattern.quote(name)
                    + ": receiving — 3 chunks: 0, 1, 2, " + 3 * CHUNK + " bytes, last chunk at \\S+ \\(upload id [0-9a-f-]{36}\\)"),
                    status.out());
            // 7 left, or 8: while the file is still being read in, an accepted chunk leaves the buffer in
            // the reader's next transaction (AcceptedChunks), which the kill may have come before.
            CliProcess.Result ls = cli.run(args("ls"));
            assertTrue(ls.outLines().get(1).matches("[78]/10 .*"), ls.out());

            int seenBefore = proxy.seen().size();
            CliProcess.Result flush = cli.run(args("flush"));

            assertEquals(0, flush.exit(), flush.err());
            assertEquals(List.of(file + " -> " + name), flush.outLines());
            List<FaultyProxy.Seen> afterKill = proxy.seen().subList(seenBefore, proxy.seen().size());
            List<Integer> postsAfterKill = afterKill.stream().filter(FaultyProxy.Seen::isChunk)
                    .map(FaultyProxy.Seen::chunkIndex).sorted().toList();
            assertEquals(IntStream.range(3, 10).boxed().toList(), postsAfterKill, "only the chunks the server lacked");
            assertEquals(1, afterKill.stream().filter(FaultyProxy.Seen::isCompletion).count());
        }
        assertStoredIdentical(file);
        assertEquals("", cli.run(args("ls")).out());
    }

    @Test
    void aSecondProcessOnTheSameBufferSaysSoInOneLineAndTouchesNothing() throws Exception {
        Path file = source("locked", 10 * CHUNK - 3);
        Path other = source("locked-other", CHUNK + 1);
        try (FaultyProxy proxy = new FaultyProxy(server.port())) {
            proxy.onPost(new Pass(), new Hold());
            CliProcess.Started first = cli.start(args("upload", "--parallel", "1", "--server", proxy.uploadUri().toString(),
                    file.toString()));
            assertEquals(1, proxy.awaitHeld(Duration.ofSeconds(120)).chunkIndex());

            // While the first holds the buffer: the same file, another file, and a flush are all turned away.
            for (String[] second : List.of(
                    args("upload", "--server", server.uploadUri().toString(), file.toString()),
                    args("upload", "--server", server.uploadUri().toString(), other.toString()),
                    args("flush", "--server", server.uploadUri().toString()))) {
                CliProcess.Result refused = cli.run(second);
                assertEquals(1, refused.exit(), refused.err());
                assertEquals("", refused.out());
                List<String> errors = refused.err().lines().toList();
                assertEquals(1, errors.size(), refused.err());
                assertTrue(errors.get(0).startsWith("indexedcp: another indexedcp process is using the buffer " + buffer),
                        refused.err());
            }
            // Reading the buffer needs no lock.
            CliProcess.Result ls = cli.run(args("ls"));
            assertEquals(0, ls.exit(), ls.err());
            assertEquals(2, ls.outLines().size(), ls.out());
            first.kill();
        }

        CliProcess.Result flush = cli.run(args("flush", "--server", server.uploadUri().toString()));
        assertEquals(0, flush.exit(), flush.err());
        assertStoredIdentical(file);
        assertTrue(Files.notExists(server.stored(other.getFileName().toString())), "the refused upload sent nothing");
    }

    @Test
    void flushDropsAnUploadTheServerLostSaysWhyAndSendsTheOthers() throws Exception {
        Path lost = source("cli-lost", 2 * CHUNK);
        Path other = source("cli-other", CHUNK + 7);
        String uploadId;
        try (FaultyProxy proxy = new FaultyProxy(server.port())) {
            proxy.onComplete(new FaultyProxy.Answer(400, null));
            CliProcess.Result upload = cli.run(args("upload", "--server", proxy.uploadUri().toString(), lost.toString()));
            assertEquals(1, upload.exit(), upload.err());
        }
        try (ChunkBuffer read = ChunkBuffer.open(buffer)) {
            uploadId = read.files().get(0).uploadId();
        }
        // The server loses the upload whose chunks have all left the buffer.
        assertEquals(200, new RawUploads(server.baseUri(), ItServer.API_KEY)
                .cancel(lost.getFileName().toString(), uploadId).statusCode());
        assertEquals(0, cli.run(args("add", "--server", server.uploadUri().toString(), other.toString())).exit());

        CliProcess.Result flush = cli.run(args("flush", "--server", server.uploadUri().toString()));

        assertEquals(1, flush.exit(), flush.err());
        assertEquals(List.of(other + " -> " + other.getFileName()), flush.outLines(), "the file that went through");
        List<String> errors = flush.err().lines().filter(l -> l.startsWith("indexedcp: " + lost + ": the server")).toList();
        assertEquals(List.of("indexedcp: " + lost + ": the server no longer knows upload " + uploadId
                + " (expired or cancelled?), and the buffer no longer holds its chunks; the file has left the buffer: "
                + "upload it again"),
                errors, flush.err());
        assertStoredIdentical(other);
        assertEquals("", cli.run(args("ls")).out(), "neither file is left to fail the next flush");
    }

    /** The file is four times the heap: adding and uploading must stream it, never hold it. */
    @Test
    void aFileFourTimesTheHeapGoesThroughWithDefaultChunks() throws Exception {
        Path file = dir.resolve("heap-" + System.nanoTime() + ".bin");
        byte[] block = RawUploads.randomBytes(1024 * 1024, 99);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 128; i++) {
                block[0] = (byte) i; // every MiB differs, so a chunk mixed up with another shows in the digest
                out.write(block);
            }
        }
        CliProcess smallHeap = cli.withMaxHeap("32m");

        CliProcess.Result upload = smallHeap.run("upload", "--buffer", buffer.toString(), "--server",
                server.uploadUri().toString(), file.toString());

        assertEquals(0, upload.exit(), upload.err());
        assertStoredIdentical(file);
    }

    @Test
    void wrongKeyExitsThreeAtOnceAndKeepsTheFileBuffered() throws Exception {
        Path file = source("wrong-key", 2 * CHUNK);
        CliProcess wrongKey = new CliProcess(dir, Map.of("INDEXEDCP_API_KEY", "wrong"));

        CliProcess.Result upload = wrongKey.run(args("upload", "--server", server.uploadUri().toString(), file.toString()));

        assertEquals(3, upload.exit());
        assertEquals("", upload.out());
        List<String> errors = upload.err().lines().filter(l -> !l.endsWith(" to go")).toList();
        assertEquals(1, errors.size(), upload.err());
        assertTrue(errors.get(0).startsWith("indexedcp: authentication failed: check INDEXEDCP_API_KEY"), upload.err());
        assertTrue(upload.err().lines().noneMatch(l -> l.contains("retry")), upload.err());
        assertTrue(cli.run(args("ls")).outLines().get(1).startsWith("2/2 "));
        assertTrue(Files.notExists(server.stored(file.getFileName().toString())));
    }

    @Test
    void thePythonClientsVariableIsAcceptedToo() throws Exception {
        Path file = source("python-env", 10);
        CliProcess pythonEnv = new CliProcess(dir, Map.of("INDEXCP_API_KEY", ItServer.API_KEY,
                "INDEXEDCP_SERVER", server.uploadUri().toString()));

        CliProcess.Result upload = pythonEnv.run(args("upload", file.toString()));

        assertEquals(0, upload.exit(), upload.err());
        assertStoredIdentical(file);
    }

    @Test
    void exitCodesSayWhatWentWrong() throws Exception {
        Path file = source("codes", 10);
        CliProcess noKey = new CliProcess(dir, Map.of());

        CliProcess.Result missingKey = noKey.run(args("upload", "--server", server.uploadUri().toString(), file.toString()));
        assertEquals(3, missingKey.exit());
        assertEquals("indexedcp: no API key: set INDEXEDCP_API_KEY", missingKey.err().strip());

        CliProcess.Result noServer = cli.run(args("upload", file.toString()));
        assertEquals(2, noServer.exit());
        assertTrue(noServer.err().startsWith("indexedcp: no server"), noServer.err());

        CliProcess.Result missingFile = cli.run(args("upload", "--server", server.uploadUri().toString(), "no-such-file"));
        assertEquals(1, missingFile.exit());
        assertTrue(missingFile.err().contains("no such file: no-such-file"), missingFile.err());
        Path present = source("beside-missing", 10);
        CliProcess.Result oneMissing = cli.run(args("upload", "--server", server.uploadUri().toString(), "no-such-file",
                present.toString()));
        assertEquals(1, oneMissing.exit(), oneMissing.err());
        assertEquals(List.of(present + " -> " + present.getFileName()), oneMissing.outLines(), "the other file still goes");
        assertTrue(oneMissing.err().lines().anyMatch(l -> l.equals("indexedcp: no such file: no-such-file")), oneMissing.err());
        assertStoredIdentical(present);
        CliProcess.Result addMissing = cli.run(args("add", "missing-file"));
        assertEquals(1, addMissing.exit());
        assertEquals("indexedcp: no such file: missing-file", addMissing.err().strip());
        CliProcess.Result addDirectory = cli.run(args("add", dir.toString()));
        assertEquals(1, addDirectory.exit());
        assertEquals("indexedcp: not a regular file: " + dir, addDirectory.err().strip());

        CliProcess.Result down = cli.run(args("upload", "--retries", "1", "--server",
                "http://127.0.0.1:" + unusedPort() + "/upload", file.toString()));
        assertEquals(4, down.exit(), down.err());
        assertEquals(1, down.err().lines().filter(l -> l.contains("retry 1 in 50 ms")).count(), down.err());
        assertTrue(down.err().contains("still failing after 1 retries"), down.err());

        CliProcess.Result badOption = cli.run(args("upload", "--chunk-size", "lots", file.toString()));
        assertEquals(2, badOption.exit());
        assertEquals(1, badOption.err().lines().count(), badOption.err());
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : List.of("upload", "add", "ls", "flush", "resume", "status", "cancel", "clear")) {
            CliProcess.Result help = cli.run(command, "--help");
            assertEquals(0, help.exit(), command);
            String name = command.equals("resume") ? "flush" : command; // an alias shares its command's help
            assertTrue(help.out().startsWith("Usage: indexedcp " + name), help.out());
        }
        CliProcess.Result root = cli.run("--help");
        assertEquals(0, root.exit());
        assertTrue(root.out().contains("INDEXEDCP_API_KEY"));
    }

    @Test
    void lsWithServerListsTheServersUploads() throws Exception {
        Path file = source("ls-server", 2 * CHUNK + 1);
        assertEquals(0, cli.run(args("upload", "--parallel", "2", "--server", server.uploadUri().toString(),
                file.toString())).exit());

        CliProcess.Result ls = cli.run(args("ls", "--server", server.uploadUri().toString()));

        assertEquals(0, ls.exit(), ls.err());
        assertTrue(ls.outLines().get(0).startsWith("FILE "), ls.out());
        String name = file.getFileName().toString();
        assertTrue(ls.outLines().stream().anyMatch(line -> line.matches(java.util.regex.Pattern.quote(name)
                + "\\s+[0-9a-f-]{36}\\s+complete — 3 chunks, " + (2 * CHUNK + 1) + " bytes, last activity \\S+")),
                ls.out());
    }

    @Test
    void clearEmptiesTheBuffer() throws Exception {
        cli.run(args("add", source("clear-a", 10).toString(), source("clear-b", 10).toString()));

        CliProcess.Result clear = cli.run(args("clear"));

        assertEquals(0, clear.exit(), clear.err());
        assertEquals("cleared 2 files", clear.out().strip());
        assertEquals("", cli.run(args("ls")).out());
    }

    /** Issue 11: names outside ASCII, and ASCII characters that mean something in a URL, survive the whole way. */
    @Test
    void nonAsciiAndUrlSpecialNamesAreStoredUnderExactlyTheirNames() throws Exception {
        List<String> names = List.of("résumé.pdf", "报告 2026.pdf", "Москва.txt", "a b & c + d % e # f.txt",
                "emoji 😀 ok.bin");
        Path folder = Files.createDirectories(dir.resolve("names"));
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Path file = folder.resolve(names.get(i));
            Files.write(file, RawUploads.randomBytes(CHUNK + 10 * i + 1, 700 + i));
            paths.add(file.toString());
        }

        List<String> uploadArgs = new java.util.ArrayList<>(List.of("--server", server.uploadUri().toString()));
        uploadArgs.addAll(paths);
        CliProcess.Result upload = cli.run(args("upload", uploadArgs.toArray(String[]::new)));

        assertEquals(0, upload.exit(), upload.err());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            assertTrue(upload.outLines().contains(paths.get(i) + " -> " + name), upload.out());
            assertEquals(Sha256.of(Path.of(paths.get(i))), Sha256.of(server.stored(name)), name);
            CliProcess.Result status = cli.run(args("status", name, "--server", server.uploadUri().toString()));
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().startsWith(name + ": complete — 2 chunks, " + (CHUNK + 10 * i + 1) + " bytes"),
                    status.out());
        }
        try (var stored = Files.list(server.outputDir())) {
            List<String> visible = stored.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
            assertTrue(visible.containsAll(names), visible.toString());
        }
    }

    /** Issue 11: a file the server refuses (a name starting with a dot) fails alone, with the server's reason. */
    @Test
    void aRefusedFileDoesNotStopTheOthersAndCanBeCancelled() throws Exception {
        Path refused = dir.resolve(".hidden-" + System.nanoTime() + ".bin");
        Files.write(refused, RawUploads.randomBytes(CHUNK + 3, 5));
        Path good = source("after-refused", CHUNK + 4);

        // One file at a time, the refused one first: it used to stop the run before the good one started.
        CliProcess.Result upload = cli.run(args("upload", "--parallel", "1", "--server", server.uploadUri().toString(),
                refused.toString(), good.toString()));

        assertEquals(1, upload.exit(), upload.err());
        assertEquals(List.of(good + " -> " + good.getFileName()), upload.outLines());
        assertStoredIdentical(good);
        List<String> failures = upload.err().lines()
                .filter(l -> l.startsWith("indexedcp: " + refused) && !l.endsWith(" to go")).toList();
        assertEquals(1, failures.size(), upload.err());
        assertTrue(failures.get(0).contains("refused by the server (HTTP 400): Invalid filename"), upload.err());

        // It stays buffered and fails the next flush alone, again with the reason; another file still goes.
        Path next = source("flush-next", 7);
        assertEquals(0, cli.run(args("add", "--server", server.uploadUri().toString(), next.toString())).exit());
        CliProcess.Result flush = cli.run(args("flush"));
        assertEquals(1, flush.exit(), flush.err());
        assertEquals(List.of(next + " -> " + next.getFileName()), flush.outLines());
        assertTrue(flush.err().contains("refused by the server (HTTP 400): Invalid filename"), flush.err());
        assertStoredIdentical(next);

        CliProcess.Result cancel = cli.run(args("cancel", refused.getFileName().toString()));
        assertEquals(0, cancel.exit(), cancel.err());
        assertEquals("cancelled " + refused + ": the server refuses its name, so it held no upload of it (refused by "
                + "the server (HTTP 400): Invalid filename: names starting with '.' are reserved)", cancel.out().strip());
        assertEquals("", cli.run(args("ls")).out());
        CliProcess.Result flushAgain = cli.run(args("flush"));
        assertEquals(0, flushAgain.exit(), flushAgain.err());
    }

    @Test
    void cancelKeepsTheFileWhenItsServerCannotBeReachedAndClearNameDropsIt() throws Exception {
        Path file = source("cancel-unreachable", 6 * CHUNK);
        String name = file.getFileName().toString();
        try (FaultyProxy proxy = new FaultyProxy(server.port())) {
            proxy.onPost(new Pass(), new Pass(), new Hold());
            CliProcess.Started upload = cli.start(args("upload", "--parallel", "1", "--server",
                    proxy.uploadUri().toString(), file.toString()));
            assertEquals(2, proxy.awaitHeld(Duration.ofSeconds(120)).chunkIndex());
            upload.kill();
        }
        // The file's server (the proxy) is gone: the DELETE cannot go through, so the file stays buffered.
        CliProcess.Result cancel = cli.run(args("cancel", "--retries", "1", name));

        assertEquals(4, cancel.exit(), cancel.err());
        assertTrue(cancel.err().lines().anyMatch(l -> l.startsWith("indexedcp: " + file + ": cancel: ")), cancel.err());
        assertTrue(cli.run(args("ls")).out().contains(file.toString()));

        CliProcess.Result clear = cli.run(args("clear", name));
        assertEquals(0, clear.exit(), clear.err());
        assertEquals("removed " + file + " from the buffer", clear.out().strip());
        assertEquals("", cli.run(args("ls")).out());
    }

    @Test
    void cancelOfAFileWhoseServerHoldsItsUploadDeletesItThere() throws Exception {
        Path file = source("cancel-held", 6 * CHUNK);
        String name = file.getFileName().toString();
        try (FaultyProxy proxy = new FaultyProxy(server.port())) {
            proxy.onPost(new Pass(), new Pass(), new Hold());
            CliProcess.Started upload = cli.start(args("upload", "--parallel", "1", "--server",
                    proxy.uploadUri().toString(), file.toString()));
            assertEquals(2, proxy.awaitHeld(Duration.ofSeconds(120)).chunkIndex());
            upload.kill();

            CliProcess.Result cancel = cli.run(args("cancel", name));

            assertEquals(0, cancel.exit(), cancel.err());
            assertTrue(cancel.out().strip().matches("cancelled " + java.util.regex.Pattern.quote(file.toString())
                    + ": its upload [0-9a-f-]{36} deleted on the server"), cancel.out());
        }
        assertEquals("", cli.run(args("ls")).out());
        CliProcess.Result status = cli.run(args("status", name, "--server", server.uploadUri().toString()));
        assertEquals(1, status.exit(), status.out());
        assertEquals("indexedcp: " + name + ": the server holds no upload of this name", status.err().strip());

        CliProcess.Result unknown = cli.run(args("cancel", "never-buffered.bin"));
        assertEquals(1, unknown.exit());
        assertEquals("indexedcp: not in the buffer: never-buffered.bin", unknown.err().strip());
    }

    @Test
    void clearWithNamesDropsOnlyThoseFiles() throws Exception {
        Path a = source("clear-one-a", 10);
        Path b = source("clear-one-b", 10);
        assertEquals(0, cli.run(args("add", a.toString(), b.toString())).exit());

        CliProcess.Result clear = cli.run(args("clear", a.getFileName().toString(), "not-there.bin"));

        assertEquals(1, clear.exit());
        assertEquals("removed " + a + " from the buffer", clear.out().strip());
        assertEquals("indexedcp: not in the buffer: not-there.bin", clear.err().strip());
        List<String> left = cli.run(args("ls")).outLines();
        assertEquals(2, left.size(), left.toString());
        assertTrue(left.get(1).endsWith(" " + b), left.toString());
    }

    @Test
    void statusTellsStateAndRefusesUnknownOrMalformedUploadIds() throws Exception {
        Path file = source("status-truth", 2 * CHUNK + 5);
        String name = file.getFileName().toString();
        String url = server.uploadUri().toString();
        assertEquals(0, cli.run(args("upload", "--server", url, file.toString())).exit());

        CliProcess.Result complete = cli.run(args("status", name, "--server", url));
        assertEquals(0, complete.exit(), complete.err());
        assertTrue(complete.out().strip().matches(java.util.regex.Pattern.quote(name) + ": complete — 3 chunks, "
                + (2 * CHUNK + 5) + " bytes, last activity \\S+ \\(upload id [0-9a-f-]{36}\\)"), complete.out());

        CliProcess.Result unknown = cli.run(args("status", name, "--server", url, "--upload-id",
                "00000000-0000-0000-0000-000000000000"));
        assertEquals(1, unknown.exit(), unknown.out());
        assertEquals("", unknown.out());
        assertTrue(unknown.err().contains("no upload with id 00000000-0000-0000-0000-000000000000"), unknown.err());

        CliProcess.Result malformed = cli.run(args("status", name, "--server", url, "--upload-id", "not/an id"));
        assertEquals(1, malformed.exit(), malformed.out());
        assertTrue(malformed.err().startsWith("indexedcp: refused by the server (HTTP 400): "), malformed.err());

        // A plain upload, as the old clients send it: two chunks, no upload id, no completion.
        String plain = "plain-" + System.nanoTime() + ".bin";
        RawUploads raw = new RawUploads(server.baseUri(), ItServer.API_KEY);
        assertEquals(200, raw.sendChunk(plain, 0, new byte[10]).statusCode());
        assertEquals(200, raw.sendChunk(plain, 1, new byte[5]).statusCode());
        CliProcess.Result plainStatus = cli.run(args("status", plain, "--server", url));
        assertEquals(0, plainStatus.exit(), plainStatus.err());
        assertTrue(plainStatus.out().strip().matches(java.util.regex.Pattern.quote(plain)
                + ": plain — 2 chunks: 0, 1, 15 bytes, last chunk at \\S+"), plainStatus.out());
        CliProcess.Result ls = cli.run(args("ls", "--server", url));
        assertTrue(ls.outLines().stream().anyMatch(line -> line.matches(java.util.regex.Pattern.quote(plain)
                + "\\s+-\\s+plain — 2 chunks, 15 bytes, last chunk at \\S+")), ls.out());
    }

    @Test
    void theServersBaseUrlWorksAsWellAsItsUploadUrl() throws Exception {
        Path file = source("base-url", CHUNK + 1);
        String base = "http://127.0.0.1:" + server.port() + "/";

        CliProcess.Result upload = cli.run(args("upload", "--server", base, file.toString()));

        assertEquals(0, upload.exit(), upload.err());
        assertStoredIdentical(file);
        assertTrue(upload.err().contains(file + ": 2 chunks, " + (CHUNK + 1) + " bytes to go"), upload.err());
        CliProcess.Result one = cli.run(args("upload", "--server", base.substring(0, base.length() - 1),
                source("one-byte", 1).toString()));
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.err().contains(": 1 chunk, 1 byte to go"), one.err());
        CliProcess.Result status = cli.run(args("status", file.getFileName().toString(), "--server", base));
        assertEquals(0, status.exit(), status.err());
    }

    @Test
    void lsClearAndStatusListOnlyOptionsTheyUse() throws Exception {
        for (String command : List.of("ls", "clear", "status")) {
            String help = cli.run(command, "--help").out();
            for (String useless : List.of("--chunk-size", "--parallel", "--buffer-wait")) {
                if (!(command.equals("clear") && useless.equals("--buffer-wait"))) {
                    assertTrue(!help.contains(useless), command + " lists " + useless + ":\n" + help);
                }
            }
        }
        assertTrue(!cli.run("clear", "--help").out().contains("--retries"));
        assertTrue(!cli.run("status", "--help").out().contains("--buffer "));
        assertTrue(cli.run("upload", "--help").out().contains("--chunk-size"));
    }

    /**
     * Issue 11: after a kill, ls counted chunks the server had already accepted, because rows accepted
     * after the last chunk was read in left the buffer only once every chunk in flight was done.
     */
    @Test
    void afterAKillLsCountsOnlyWhatTheServerLacks() throws Exception {
        Path file = source("ls-after-kill", 4 * CHUNK);
        try (FaultyProxy proxy = new FaultyProxy(server.port())) {
            // Four chunks at once: all are read in at the start; the first to arrive is held, the others go through.
            proxy.onPost(new Hold(), new Pass(), new Pass(), new Pass());
            CliProcess.Started upload = cli.start(args("upload", "--parallel", "4", "--server",
                    proxy.uploadUri().toString(), file.toString()));
            try {
                proxy.awaitHeld(Duration.ofSeconds(120));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (remainingChunks() != 1) {
                    assertTrue(System.nanoTime() < deadline, "the accepted chunks never left the buffer: "
                            + remainingChunks() + " left");
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
            } finally {
                upload.kill();
            }
        }
        CliProcess.Result ls = cli.run(args("ls"));
        assertTrue(ls.outLines().get(1).startsWith("1/4 "), ls.out());
        CliProcess.Result flush = cli.run(args("flush", "--server", server.uploadUri().toString()));
        assertEquals(0, flush.exit(), flush.err());
        assertStoredIdentical(file);
    }

    private int remainingChunks() {
        try (ChunkBuffer read = ChunkBuffer.open(buffer)) {
            return read.files().get(0).remainingChunks();
        }
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
