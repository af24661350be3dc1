package io.indexedcp.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.TimeoutException;

/**
 * The browser uploader in a real headless Chromium against the packaged WAR in Payara Micro:
 * byte-identical uploads, resume after a reload without choosing the file again, retrying while
 * the server is down, and a wrong key that stops everything. One server for the class; a fresh
 * browser profile (empty IndexedDB) per test.
 */
class BrowserUploadIT {

    private static final String KEY = "browser-test-key-0123456789";
    private static final int MiB = 1024 * 1024;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(3);

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
        server = new PayaraMicroProcess(outputDir, KEY).start();
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

        // Readable on a phone: nothing wider than the screen.
        browser.driver().manage().window().setSize(new Dimension(360, 800));
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

        page.waitUpTo(Duration.ofSeconds(60)).until(d -> page.keyStatus().contains("API key rejected"));
        int requests = page.apiRequests();
        assertThrows(TimeoutException.class, () -> page.waitUpTo(Duration.ofSeconds(4))
                .until(d -> page.apiRequests() != requests), "a request left after the 401");
        assertEquals("queued", page.state("locked.bin"));
        assertTrue(page.stateText("locked.bin").contains("waiting for a valid API key"), page.stateText("locked.bin"));
        HttpResponse<String> status = new RawUploads(server.baseUri(), KEY).status("locked.bin");
        assertTrue(status.body().contains("\"receivedChunks\":[]"), status.body());

        page.useKey(KEY);
        page.awaitState("locked.bin", "done", UPLOAD_TIMEOUT);
        assertEquals(Sha256.of(source), Sha256.of(outputDir.resolve("locked.bin")));
    }

    /** Random bytes of that size, on disk, for the file input. */
    private static Path generate(String name, long size, long seed) throws IOException {
        Path dir = workDir.resolve("sources");
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
