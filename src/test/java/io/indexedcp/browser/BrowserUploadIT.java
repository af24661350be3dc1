package io.indexedcp.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.protocol.ApiKeys;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The browser uploader in a real headless Chromium against the packaged WAR in Payara Micro:
 * byte-identical uploads, resume after a reload without choosing the file again, retrying while
 * the server is down, and a wrong key that stops everything. One server for the class; a fresh
 * browser profile (empty IndexedDB) per test.
 */
class BrowserUploadIT {

    private static final String KEY = "browser-test-key-0123456789";
    private static final String READER_KEY = "browser-test-reader-key-0123456789";
    private static final int MiB = 1024 * 1024;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(3);
    /** What the key line says after a 401, for a key and a token alike. */
    private static final String REJECTED = "API key or token rejected by the server (401)";

    private static Path workDir;
    private static Path outputDir;
    private static PayaraMicroProcess server;

    private HeadlessChromium browser;
    private UploaderPage page;
    private String testName;

    @BeforeAll
    static void startServer() throws Exception {
        workDir = Path.of(System.getProperty("indexedcp.it.outputDir", "target/it-uploads")).resolveSibling("browser-it");
        Files.createDirectories(workDir);
        outputDir = Files.createTempDirectory(workDir, "uploads-");
        Path keys = Files.writeString(Files.createTempFile(workDir, "keys-", ".txt"),
                "carol reader " + ApiKeys.sha256Hex(READER_KEY) + "\n");
        server = new PayaraMicroProcess(outputDir, KEY, Map.of("INDEXEDCP_KEYS_FILE", keys.toString())).start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void openBrowser(TestInfo test) throws IOException {
        testName = test.getTestMethod().orElseThrow().getName();
        browser = new HeadlessChromium(workDir);
        page = new UploaderPage(browser.driver());
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.screenshot(testName + "-end");
            List<String> cspViolations = browser.consoleMessages().stream()
                    .filter(message -> message.contains("Content Security Policy"))
                    .toList();
            browser.close();
            assertEquals(List.of(), cspViolations, "the page must run under its own CSP");
        }
    }

    @Test
    void uploadsAMultiChunkFileByteForByte() throws Exception {
        Path source = generate("forty.bin", 40 * MiB + 12_345, 1);
        browser.viewport(1280, 900);
        page.open(server.baseUri()).useKey(KEY).limitSpeed(10).choose(source);

        page.awaitAckedChunks("forty.bin", 12, UPLOAD_TIMEOUT);
        page.show("forty.bin");
        browser.screenshot("mid-upload");
        page.awaitState("forty.bin", "done", UPLOAD_TIMEOUT);

        assertEquals(41, page.counter("forty.bin", "data-chunk-count"));
        assertEquals(41, page.counter("forty.bin", "data-sent-chunks"));
        assertEquals(0, page.counter("forty.bin", "data-duplicate-chunks"));
        assertTrue(page.upload("forty.bin").getText().contains("40.0 MiB / 40.0 MiB"), page.upload("forty.bin").getText());
        assertEquals(Sha256.of(source), Sha256.of(outputDir.resolve("forty.bin")));
        // Ended by a v2 completion, which the server checked against the page's own whole-file SHA-256.
        String uploadId = page.uploadId("forty.bin");
        assertTrue(uploadId.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), uploadId);
        HttpResponse<String> status = new RawUploads(server.baseUri(), KEY).status("forty.bin", uploadId);
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("\"complete\":true"), status.body());
        assertTrue(status.body().contains("\"sha256\":\"" + Sha256.of(source) + "\""), status.body());
        assertEquals("forty.bin", page.upload("forty.bin").getDomAttribute("data-actual-filename"));
        assertTrue(page.stateText("forty.bin").contains("saved as forty.bin"), page.stateText("forty.bin"));
        // The server's list (GET /uploads) shows it, complete.
        By listed = By.cssSelector("#server-list tr[data-upload-id='" + uploadId + "']");
        page.waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(listed).isEmpty()
                && d.findElement(listed).getText().matches("forty\\.bin\\scomplete\\s\\d+\\s40\\.0 MiB\\s.+"));

        // Readable on a phone: nothing wider than the screen.
        browser.viewport(360, 800);
        page.show("forty.bin");
        browser.screenshot("narrow");
        Object overflow = browser.driver().executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, overflow, "horizontal overflow at 360 px");
    }

    @Test
    void pageAndAssetsComeWithSecurityHeadersAndTheApiStillDemandsTheKey() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = get(http, "");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", index.headers().firstValue("Referrer-Policy").orElse(""));
        assertTrue(!index.body().contains("<script>") && !index.body().contains(" style="), "no inline code");

        HttpResponse<String> script = get(http, "app/main.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals("nosniff", script.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(get(http, "app/style.css").headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        for (String refused : List.of("app/nothing.js", "app/Main.js", "app/main.js.map", "app/%2e%2e%2fWEB-INF%2fbeans.xml",
                "WEB-INF/beans.xml", "app/")) {
            assertEquals(404, get(http, refused).statusCode(), refused);
        }

        HttpResponse<String> status = get(http, "upload/status?filename=x.bin");
        assertEquals(401, status.statusCode());
        assertEquals("nosniff", status.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.baseUri().resolve("upload"))
                .header("X-File-Name", "x.bin").header("X-Chunk-Index", "0")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode());
    }

    private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reloadInTheMiddleResumesWithoutChoosingTheFileAgain() throws Exception {
        Path source = generate("reload.bin", 24 * MiB + 999, 2);
        page.open(server.baseUri()).useKey(KEY).limitSpeed(4).choose(source);
        page.awaitAckedChunks("reload.bin", 6, UPLOAD_TIMEOUT);
        int sentBeforeReload = page.counter("reload.bin", "data-sent-chunks");

        browser.driver().navigate().refresh();

        page.awaitState("reload.bin", "done", UPLOAD_TIMEOUT);
        assertEquals("true", page.upload("reload.bin").getDomAttribute("data-resumed"));
        assertTrue(page.upload("reload.bin").getText().contains("resumed"));
        int skipped = page.counter("reload.bin", "data-skipped-chunks");
        int sentAfterReload = page.counter("reload.bin", "data-sent-chunks");
        assertTrue(skipped >= sentBeforeReload, "what the server held was skipped: " + skipped + " < " + sentBeforeReload);
        assertEquals(25, skipped + sentAfterReload, "after the reload, only the missing chunks are sent");
        assertEquals(0, page.counter("reload.bin", "data-duplicate-chunks"), "no chunk the server held was sent again");
        assertEquals(Sha256.of(source), Sha256.of(outputDir.resolve("reload.bin")));
    }

    @Test
    void serverDownShowsRetryingThenCompletesWhenItIsBack() throws Exception {
        Path source = generate("outage.bin", 20 * MiB + 7, 3);
        page.open(server.baseUri()).useKey(KEY).limitSpeed(4).choose(source);
        page.awaitAckedChunks("outage.bin", 4, UPLOAD_TIMEOUT);

        server.stop();
        try {
            page.awaitState("outage.bin", "retrying", Duration.ofSeconds(60));
            assertTrue(page.stateText("outage.bin").matches("retrying in \\d+ s.*"), page.stateText("outage.bin"));
            page.show("outage.bin");
            browser.screenshot("retrying");
        } finally {
            server.start();
        }

        page.awaitState("outage.bin", "done", UPLOAD_TIMEOUT);
        assertEquals(Sha256.of(source), Sha256.of(outputDir.resolve("outage.bin")));
    }

    @Test
    void wrongKeyIsShownAndNothingIsSentAfterThe401() throws Exception {
        Path source = generate("locked.bin", 3 * MiB, 4);
        page.open(server.baseUri()).useKey("not-the-key").choose(source);

        page.waitUpTo(Duration.ofSeconds(60)).until(d -> page.keyStatus().contains(REJECTED));
        assertEquals("", page.principal(), "nobody is signed in with a rejected key");
        assertEquals("", page.role());
        assertTrue(page.keyEntryOpen(), "the key entry opens for the right key");
        int requests = page.apiRequests();
        assertThrows(TimeoutException.class, () -> page.waitUpTo(Duration.ofSeconds(4))
                .until(d -> page.apiRequests() != requests), "a request left after the 401");
        assertEquals("queued", page.state("locked.bin"));
        assertTrue(page.stateText("locked.bin").contains("waiting for a valid API key"), page.stateText("locked.bin"));
        HttpResponse<String> status = new RawUploads(server.baseUri(), KEY).status("locked.bin");
        assertTrue(status.body().contains("\"receivedChunks\":[]"), status.body());

        page.useKey(KEY);
        page.awaitSignedIn("default", "admin", Duration.ofSeconds(30));
        page.awaitState("locked.bin", "done", UPLOAD_TIMEOUT);
        assertEquals(Sha256.of(source), Sha256.of(outputDir.resolve("locked.bin")));
    }

    /**
     * The key line says whose the key is (GET /me): the key of INDEXEDCP_API_KEY is the
     * {@code default} admin, also when the page comes back with the key it kept; an admin's list
     * of the server's uploads (everyone's) has an owner column.
     */
    @Test
    void theKeyLineSaysWhoIsSignedInAndAnAdminsListNamesOwners() throws Exception {
        Path source = generate("mine.bin", MiB + 11, 37);
        page.open(server.baseUri());
        assertTrue(page.keyStatus().contains("API key or a token"), page.keyStatus());
        page.useKey(KEY);
        page.awaitSignedIn("default", "admin", Duration.ofSeconds(30));
        assertEquals("Signed in as default (admin).", page.keyStatus());
        assertFalse(page.keyEntryOpen(), "signed in, the key entry is one line");

        page.choose(source);
        page.awaitState("mine.bin", "done", UPLOAD_TIMEOUT);
        By row = page.serverRow("mine.bin");
        // Read in one go, inside the wait that ignores stale elements: the list is redrawn while it is read.
        String[] shown = page.waitUpTo(Duration.ofSeconds(30)).until(d -> {
            List<WebElement> rows = d.findElements(row);
            if (rows.isEmpty()) {
                return null;
            }
            List<WebElement> cells = rows.get(0).findElements(By.tagName("td"));
            return new String[] {rows.get(0).getDomAttribute("data-owner"), Integer.toString(cells.size()),
                    cells.get(cells.size() - 1).getText(), rows.get(0).getText()};
        });
        assertTrue(browser.driver().findElement(By.id("owner-heading")).isDisplayed(), "an admin sees the owner column");
        assertEquals("default", shown[0]);
        assertEquals("6", shown[1], shown[3]);
        assertEquals("default", shown[2]);
        assertTrue(browser.driver().findElement(By.id("server-scope")).getText().contains("admin"));
        browser.screenshot("signed-in-admin");

        // At load, with the key this session kept: asked again, said again.
        browser.driver().navigate().refresh();
        page.open(server.baseUri());
        page.awaitSignedIn("default", "admin", Duration.ofSeconds(30));
    }

    /**
     * A token is pasted as it is and kept whole: a JWT-shaped credential of some 2 KB (which this
     * server's key does not match) reaches sessionStorage and the server uncut, and its 401 shows
     * the rejected state like a wrong key's.
     */
    @Test
    void aLongPastedTokenIsKeptWholeAndAWrongOneIsRejected() throws Exception {
        String token = jwtShaped(2_000);
        page.open(server.baseUri()).useKey(token);
        page.waitUpTo(Duration.ofSeconds(60)).until(d -> page.keyStatus().contains(REJECTED));
        assertEquals("", page.principal());
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        assertEquals(token, js.executeScript("return sessionStorage.getItem('indexedcp.apiKey')"));
        assertEquals(token, browser.driver().findElement(By.id("api-key")).getDomProperty("value"));
        assertFalse(page.serverListShown());

        page.useKey(KEY);
        page.awaitSignedIn("default", "admin", Duration.ofSeconds(30));
    }

    /** header.payload.signature of base64url text, about that long: what a pasted JWT looks like. */
    private static String jwtShaped(int length) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        byte[] filler = new byte[length * 3 / 4];
        new Random(38).nextBytes(filler);
        String payload = url.encodeToString(filler);
        return header + "." + payload.substring(0, Math.max(1, payload.length() - header.length() - 344)) + "."
                + payload.substring(payload.length() - 342);
    }

    /**
     * A reader's key (carol's, in the server's keys file) may only look: the key line says so, the
     * picker is off, a dropped file is not taken, and nothing is sent.
     */
    @Test
    void aReaderIsToldItMayOnlyLookAndCannotAddFiles() throws Exception {
        page.open(server.baseUri()).useKey(READER_KEY);
        page.awaitSignedIn("carol", "reader", Duration.ofSeconds(30));
        assertTrue(page.keyStatus().contains("may only look"), page.keyStatus());
        WebElement input = browser.driver().findElement(By.id("file-input"));
        assertFalse(input.isEnabled(), "the picker is off for a reader");
        assertTrue(browser.driver().findElement(By.id("drop-zone")).getDomAttribute("class").contains("disabled"));
        String notice = browser.driver().findElement(By.id("files-notice")).getText();
        assertTrue(notice.contains("may only look"), notice);

        ((JavascriptExecutor) browser.driver()).executeScript("""
                const transfer = new DataTransfer();
                transfer.items.add(new File([new Uint8Array(1000)], 'refused.bin'));
                document.getElementById('drop-zone').dispatchEvent(
                  new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
                """);
        int requests = page.apiRequests();
        assertThrows(TimeoutException.class, () -> page.waitUpTo(Duration.ofSeconds(3))
                .until(d -> !d.findElements(page.uploadOf("refused.bin")).isEmpty()), "a reader's dropped file was taken");
        assertEquals(requests, page.apiRequests(), "a request left for a reader's file");
        // Not a listing of someone else's: a reader's list has no owner column.
        page.waitUpTo(Duration.ofSeconds(30)).until(d -> page.serverListShown());
        assertFalse(browser.driver().findElement(By.id("owner-heading")).isDisplayed());
        browser.screenshot("reader");
    }

    @Test
    void theSameNameTwiceIsTwoUploadsAndTheSecondContentWins() throws Exception {
        Path first = generate("first", "twice.bin", 3 * MiB + 5, 5);
        Path second = generate("second", "twice.bin", 3 * MiB + 5, 6); // same size: a plain server would skip it all
        page.open(server.baseUri()).useKey(KEY).choose(first);
        page.awaitState("twice.bin", "done", UPLOAD_TIMEOUT);
        String firstId = page.uploadId("twice.bin");
        assertEquals(Sha256.of(first), Sha256.of(outputDir.resolve("twice.bin")));

        page.clearFinished();
        page.choose(second);
        page.awaitState("twice.bin", "done", UPLOAD_TIMEOUT);
        assertTrue(!firstId.equals(page.uploadId("twice.bin")), "a new upload id for the new file");
        assertEquals(4, page.counter("twice.bin", "data-sent-chunks"));
        assertEquals(0, page.counter("twice.bin", "data-skipped-chunks"), "nothing of the first file counts");
        assertEquals(0, page.counter("twice.bin", "data-duplicate-chunks"), "nothing was 'already received'");
        assertEquals(Sha256.of(second), Sha256.of(outputDir.resolve("twice.bin")));
    }

    @Test
    void anEmptyFileIsOneEmptyChunkAndCompletes() throws Exception {
        Path source = generate("empty.bin", 0, 7);
        page.open(server.baseUri()).useKey(KEY).choose(source);
        page.awaitState("empty.bin", "done", UPLOAD_TIMEOUT);
        assertEquals(1, page.counter("empty.bin", "data-chunk-count"));
        assertEquals(1, page.counter("empty.bin", "data-sent-chunks"));
        assertEquals(0L, Files.size(outputDir.resolve("empty.bin")));
        HttpResponse<String> status = new RawUploads(server.baseUri(), KEY).status("empty.bin", page.uploadId("empty.bin"));
        assertTrue(status.body().contains("\"complete\":true"), status.body());
        assertTrue(status.body().contains(Sha256.of(new byte[0])), status.body());
    }

    /**
     * app/sha256.js in the browser, against known vectors and Java's MessageDigest: in one piece and
     * fed in pieces that cut across the 64-byte blocks in every way.
     */
    @Test
    void theIncrementalSha256MatchesKnownVectorsAndJava() throws Exception {
        byte[] random = new byte[MiB + 4_321];
        new Random(8).nextBytes(random);
        page.open(server.baseUri());
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const [base64, done] = arguments;
                import('/app/sha256.js').then(({ Sha256, sha256, toHex }) => {
                  const text = (s) => new TextEncoder().encode(s);
                  const random = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                  const pieces = new Sha256();
                  const steps = [1, 63, 64, 65, 0, 55, 56, 57, 4096, 100000];
                  for (let offset = 0, i = 0; offset < random.length; i++) {
                    const end = Math.min(random.length, offset + steps[i % steps.length]);
                    pieces.update(random.subarray(offset, end));
                    offset = end;
                  }
                  const million = new Sha256();
                  for (let i = 0; i < 1000; i++) {
                    million.update(text('a'.repeat(1000)));
                  }
                  done([
                    toHex(sha256(new ArrayBuffer(0))),
                    toHex(sha256(text('abc'))),
                    toHex(sha256(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
                    million.hex(),
                    toHex(sha256(random)),
                    pieces.hex(),
                  ]);
                }).catch((e) => done(String(e)));
                """, Base64.getEncoder().encodeToString(random));
        assertEquals(List.of(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                Sha256.of(random),
                Sha256.of(random)), result);
    }

    /** Names the page must send as they are: other scripts, emoji, and the characters a URL or header treats specially. */
    private static final List<String> AWKWARD_NAMES = List.of(
            "résumé.pdf", "报告 2026.pdf", "Москва.txt", "📦 box 🚀.bin", "Ünï & 100% #1 + more.txt",
            "with  spaces .txt", "Tom & Jerry.txt", "1+1 = 2.txt", "100% sure.txt", "%41.txt", "#1 hit.txt");

    @Test
    void namesInAnyScriptAndWithSpecialCharactersAreStoredUnderExactlyThoseNames() throws Exception {
        page.open(server.baseUri()).useKey(KEY);
        Map<String, Path> sources = new LinkedHashMap<>();
        long seed = 20;
        for (String name : AWKWARD_NAMES) {
            long size = name.startsWith("报告") ? 2L * MiB + 777 : 10_000 + seed; // one of them in several chunks
            Path source = generate("names", name, size, seed++);
            sources.put(name, source);
            page.choose(source);
        }
        RawUploads raw = new RawUploads(server.baseUri(), KEY);
        for (Map.Entry<String, Path> entry : sources.entrySet()) {
            String name = entry.getKey();
            page.awaitState(name, "done", UPLOAD_TIMEOUT);
            assertEquals(name, page.upload(name).getDomAttribute("data-actual-filename"));
            assertTrue(page.stateText(name).contains("saved as " + name), page.stateText(name));
            Path stored = outputDir.resolve(name);
            assertTrue(Files.isRegularFile(stored), "not stored as '" + name + "': " + storedNames());
            assertEquals(Sha256.of(entry.getValue()), Sha256.of(stored), name);
            HttpResponse<String> status = raw.status(name, page.uploadId(name));
            assertEquals(200, status.statusCode(), name);
            assertTrue(status.body().contains("\"complete\":true"), name + ": " + status.body());
        }
        for (String name : AWKWARD_NAMES) {
            String encoded = percentEncodedUtf8(name);
            if (!encoded.equals(name)) {
                assertFalse(Files.exists(outputDir.resolve(encoded)), "stored under its encoded form: " + encoded);
            }
        }
    }

    /** The name headers the page sends (app/uploader.js nameHeaders), against RFC 8187 worked out here. */
    @Test
    void nonAsciiNamesTravelAsRfc8187ExtValuesAndAsciiNamesAsTheyAre() throws Exception {
        page.open(server.baseUri());
        List<String> names = new ArrayList<>(AWKWARD_NAMES);
        names.add("a'b(c)*d!#$&+^`|~-._z é/\\\"?=;,:@[]{}<>.txt");
        names.add("plain-ascii.bin");
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const [names, done] = arguments;
                import('/app/uploader.js').then(({ nameHeaders }) => done(names.map((name) => nameHeaders(name))))
                  .catch((e) => done(String(e)));
                """, names);
        assertTrue(result instanceof List, String.valueOf(result));
        List<?> headers = (List<?>) result;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Map<String, String> expected = name.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                    ? Map.of("X-File-Name", name)
                    : Map.of("X-File-Name", percentEncodedUtf8(name), "X-File-Name*", "UTF-8''" + percentEncodedUtf8(name));
            assertEquals(expected, headers.get(i), name);
        }
        assertEquals(Map.of("X-File-Name", "r%C3%A9sum%C3%A9.pdf", "X-File-Name*", "UTF-8''r%C3%A9sum%C3%A9.pdf"),
                headers.get(0));
        assertEquals("UTF-8''%F0%9F%93%A6%20box%20%F0%9F%9A%80.bin", ((Map<?, ?>) headers.get(3)).get("X-File-Name*"));
        assertEquals("UTF-8''%C3%9Cn%C3%AF%20&%20100%25%20#1%20+%20more.txt", ((Map<?, ?>) headers.get(4)).get("X-File-Name*"));
    }

    /** RFC 8187 ext-value text: the UTF-8 bytes, attr-chars as they are, every other byte %XX. */
    private static String percentEncodedUtf8(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            out.append(attrChar ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    private static List<String> storedNames() throws IOException {
        try (var files = Files.list(outputDir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The whole file's SHA-256 is computed in a Web Worker: the page's own copy of app/sha256.js
     * digests nothing while a 24 MiB file is stored and sent, a worker of app/hash-worker.js was
     * started, and the server accepted the digest (the completion checks it).
     */
    @Test
    void theWholeFileDigestIsComputedInAWorkerNotOnThePage() throws Exception {
        browser.beforeEveryDocument("""
                (() => {
                  const Original = window.Worker;
                  window.__startedWorkers = [];
                  window.Worker = class extends Original {
                    constructor(url, options) {
                      super(url, options);
                      window.__startedWorkers.push(String(url));
                    }
                  };
                })();
                """);
        Path source = generate("worker.bin", 24 * MiB + 5, 30);
        page.open(server.baseUri()).useKey(KEY);
        // The page imported this very module (same URL, one module map): every byte its Sha256
        // digests on the page's thread is counted from here on.
        Object patched = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/app/sha256.js').then(({ Sha256 }) => {
                  window.__pageThreadSha256Bytes = 0;
                  const update = Sha256.prototype.update;
                  Sha256.prototype.update = function (data) {
                    window.__pageThreadSha256Bytes += data.byteLength;
                    return update.call(this, data);
                  };
                  done('patched');
                }).catch((e) => done(String(e)));
                """);
        assertEquals("patched", patched);
        page.choose(source);
        page.awaitState("worker.bin", "done", UPLOAD_TIMEOUT);

        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        assertEquals(0L, js.executeScript("return window.__pageThreadSha256Bytes"), "bytes digested on the page's thread");
        Object workers = js.executeScript("return window.__startedWorkers");
        assertTrue(workers instanceof List<?> list && list.stream().anyMatch(u -> String.valueOf(u).endsWith("/app/hash-worker.js")),
                "no hashing worker was started: " + workers);
        assertEquals(Sha256.of(source), Sha256.of(outputDir.resolve("worker.bin")));
        HttpResponse<String> status = new RawUploads(server.baseUri(), KEY).status("worker.bin", page.uploadId("worker.bin"));
        assertTrue(status.body().contains("\"sha256\":\"" + Sha256.of(source) + "\""), status.body());
    }

    @Test
    void cancelSendsDeleteAndNeitherTheServerNorTheBrowserKeepsTheUpload() throws Exception {
        Path source = generate("cancelled.bin", 16 * MiB, 31);
        page.open(server.baseUri()).useKey(KEY).limitSpeed(2).choose(source);
        page.awaitAckedChunks("cancelled.bin", 2, UPLOAD_TIMEOUT);
        String uploadId = page.uploadId("cancelled.bin");
        RawUploads raw = new RawUploads(server.baseUri(), KEY);
        assertTrue(raw.get("uploads").body().contains(uploadId), "the server has the upload before the cancel");
        assertEquals("Cancel", page.upload("cancelled.bin").findElement(By.className("remove")).getText());

        page.cancel("cancelled.bin");

        page.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(page.uploadOf("cancelled.bin")).isEmpty());
        page.waitUpTo(Duration.ofSeconds(60)).until(d -> !serverUploads(raw).contains(uploadId));
        HttpResponse<String> status = raw.status("cancelled.bin", uploadId);
        assertFalse(status.body().matches(".*\"receivedChunks\":\\[\\d.*"), "the server still holds chunks: " + status.body());
        assertFalse(Files.exists(outputDir.resolve("cancelled.bin")));
        // Nor does the browser: no record, no chunk, no cancellation still owed.
        Object held = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const [id, done] = arguments;
                const open = indexedDB.open('indexedcp-uploader');
                open.onerror = () => done(String(open.error));
                open.onsuccess = () => {
                  const db = open.result;
                  const tx = db.transaction(['uploads', 'chunks'], 'readonly');
                  const records = tx.objectStore('uploads').count(id);
                  const chunks = tx.objectStore('chunks').count(IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER]));
                  tx.oncomplete = () => {
                    db.close();
                    done([records.result, chunks.result, localStorage.getItem('indexedcp.pendingCancels')]);
                  };
                };
                """, uploadId);
        assertEquals(Arrays.asList(0L, 0L, null), held);
    }

    /** Without a key the DELETE cannot go: it is kept (also across a reload) and sent once a key is entered. */
    @Test
    void aCancelWithoutAKeyIsSentOnceThereIsOne() throws Exception {
        Path source = generate("owed.bin", 16 * MiB, 36);
        page.open(server.baseUri()).useKey(KEY).limitSpeed(2).choose(source);
        page.awaitAckedChunks("owed.bin", 2, UPLOAD_TIMEOUT);
        String uploadId = page.uploadId("owed.bin");
        page.forgetKey();
        page.cancel("owed.bin");
        page.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(page.uploadOf("owed.bin")).isEmpty());
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        page.waitUpTo(Duration.ofSeconds(10)).until(d -> String.valueOf(
                js.executeScript("return localStorage.getItem('indexedcp.pendingCancels')")).contains(uploadId));
        RawUploads raw = new RawUploads(server.baseUri(), KEY);
        assertTrue(serverUploads(raw).contains(uploadId), "without a key nothing can have been cancelled yet");

        browser.driver().navigate().refresh();
        page.open(server.baseUri()).useKey(KEY);

        page.waitUpTo(Duration.ofSeconds(60)).until(d -> !serverUploads(raw).contains(uploadId));
        page.waitUpTo(Duration.ofSeconds(10)).until(d ->
                js.executeScript("return localStorage.getItem('indexedcp.pendingCancels')") == null);
        assertTrue(browser.driver().findElements(page.uploadOf("owed.bin")).isEmpty(), "the cancelled file came back");
    }

    private static String serverUploads(RawUploads raw) {
        try {
            HttpResponse<String> list = raw.get("uploads");
            assertEquals(200, list.statusCode(), list.body());
            return list.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void afterA401TheServersListIsNoLongerShown() throws Exception {
        Path source = generate("listed.bin", MiB + 3, 32);
        page.open(server.baseUri()).useKey(KEY).choose(source);
        page.awaitState("listed.bin", "done", UPLOAD_TIMEOUT);
        page.waitUpTo(Duration.ofSeconds(30)).until(d -> page.serverListShown()
                && !d.findElements(page.serverRow("listed.bin")).isEmpty());

        page.useKey("not-the-key");
        page.waitUpTo(Duration.ofSeconds(60)).until(d -> page.keyStatus().contains(REJECTED));
        assertFalse(page.serverListShown(), "the server's list is still shown after the 401");
        assertEquals(0, browser.driver().findElements(By.cssSelector("#server-list tr")).size());
        assertTrue(page.keyEntryOpen(), "the key entry opens for the right key");
        browser.screenshot("after-401");

        page.useKey(KEY);
        page.waitUpTo(Duration.ofSeconds(30)).until(d -> page.serverListShown()
                && !d.findElements(page.serverRow("listed.bin")).isEmpty());
    }

    @Test
    void aPlainProtocolUploadIsListedAsPlainNotAsUnfinished() throws Exception {
        RawUploads raw = new RawUploads(server.baseUri(), KEY);
        byte[] data = RawUploads.randomBytes(3000, 33);
        assertEquals(200, raw.sendChunk("old-client.bin", 0, Arrays.copyOfRange(data, 0, 1000)).statusCode());
        assertEquals(200, raw.sendChunk("old-client.bin", 1, Arrays.copyOfRange(data, 1000, 3000)).statusCode());

        page.open(server.baseUri()).useKey(KEY);
        By row = page.serverRow("old-client.bin");
        // Read in one go, inside the wait that ignores stale elements: the list is redrawn while it is read.
        String[] shown = page.waitUpTo(Duration.ofSeconds(30)).until(d -> {
            List<WebElement> rows = d.findElements(row);
            if (rows.isEmpty()) {
                return null;
            }
            WebElement tr = rows.get(0);
            return new String[] {tr.getDomAttribute("data-state"), tr.findElements(By.tagName("td")).get(1).getText(),
                    tr.getText()};
        });
        assertEquals("plain", shown[0], shown[2]);
        assertTrue(shown[1].matches("plain — 2 chunks, last chunk at .+"), shown[1]);
    }

    @Test
    void atA1280x900ViewportTheListIsAboveTheFoldAndTheKeyEntryFolds() throws Exception {
        browser.viewport(1280, 900);
        Path source = generate("fold.bin", 2 * MiB + 1, 34);
        page.open(server.baseUri());
        assertTrue(page.keyEntryOpen(), "without a key the key entry is open");
        page.useKey(KEY);
        assertFalse(page.keyEntryOpen(), "with a key set the key entry is one line");
        page.choose(source);
        page.awaitState("fold.bin", "done", UPLOAD_TIMEOUT);

        ((JavascriptExecutor) browser.driver()).executeScript("window.scrollTo(0, 0)");
        for (WebElement element : List.of(page.upload("fold.bin"),
                page.upload("fold.bin").findElement(By.className("upload-progress")),
                browser.driver().findElement(By.id("drop-zone")))) {
            Map<String, Number> r = page.rectangle(element);
            assertEquals(1280, r.get("viewportWidth").intValue(), r.toString());
            assertEquals(900, r.get("viewportHeight").intValue(), r.toString());
            assertEquals(0, r.get("scrollY").intValue(), r.toString());
            assertTrue(r.get("top").doubleValue() >= 0 && r.get("left").doubleValue() >= 0
                    && r.get("bottom").doubleValue() <= 900 && r.get("right").doubleValue() <= 1280,
                    "below the fold at 1280x900: " + element.getAttribute("class") + " " + r);
        }
        browser.screenshot("fold-1280x900");

        page.toggleKeyEntry();
        assertTrue(page.keyEntryOpen(), "the key line opens the entry again");
        assertTrue(browser.driver().findElement(By.id("api-key")).isDisplayed());
    }

    @Test
    void theDropZoneTakesDroppedFilesAndTheKeyboardReachesThePicker() throws Exception {
        page.open(server.baseUri()).useKey(KEY);
        byte[] data = RawUploads.randomBytes(300_000, 35);
        String name = "dropped ✓.bin";
        ((JavascriptExecutor) browser.driver()).executeScript("""
                const [base64, name] = arguments;
                const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], name));
                const zone = document.getElementById('drop-zone');
                zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
                zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
                """, Base64.getEncoder().encodeToString(data), name);
        page.awaitState(name, "done", UPLOAD_TIMEOUT);
        assertEquals(Sha256.of(data), Sha256.of(outputDir.resolve(name)));

        // The zone is the label of the file input (a click on it opens the picker); Tab reaches the
        // input right after the key line, and the zone then shows the focus.
        WebElement zone = browser.driver().findElement(By.id("drop-zone"));
        assertEquals("label", zone.getTagName().toLowerCase(java.util.Locale.ROOT));
        assertEquals("file-input", zone.getDomAttribute("for"));
        ((JavascriptExecutor) browser.driver()).executeScript("document.querySelector('#key-panel > summary').focus()");
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertEquals("file-input", ((JavascriptExecutor) browser.driver()).executeScript("return document.activeElement.id"));
        assertEquals("solid", zone.getCssValue("outline-style"), "the zone shows the keyboard focus");
        browser.screenshot("drop-zone-focused");
    }

    /** Random bytes of that size, on disk, for the file input. */
    private static Path generate(String name, long size, long seed) throws IOException {
        return generate(".", name, size, seed);
    }

    /** The same, in a directory of its own: two sources with one name. */
    private static Path generate(String subdir, String name, long size, long seed) throws IOException {
        Path dir = workDir.resolve("sources").resolve(subdir).normalize();
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }
}
