package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.DirectorySnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets its 4xx with a JSON {@code error}, and leaves the output
 * directory exactly as it was — byte for byte, tracking database included.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputIT {

    private static final String KEY = System.getProperty("indexedcp.it.apiKey");
    private static final long MAX_CHUNK = Long.parseLong(System.getProperty("indexedcp.it.maxChunkBytes"));

    @ArquillianResource
    URL base;

    private URI root;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path outputDir = Path.of(System.getProperty("indexedcp.it.outputDir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PackagedWar.get();
    }

    @BeforeEach
    void setUp() {
        root = PackagedWar.loopback(base);
    }

    static Stream<Arguments> badUploads() {
        return Stream.of(
                Arguments.of("missing name", null, "0", "Invalid filename"),
                Arguments.of("empty name", "", "0", "Invalid filename"),
                Arguments.of("name ends in a separator", "data/", "0", "Invalid filename"),
                Arguments.of("name ends in a backslash", "C:\\data\\", "0", "Invalid filename"),
                Arguments.of("dot", ".", "0", "Invalid filename"),
                Arguments.of("dot dot", "..", "0", "Invalid filename"),
                Arguments.of("dot dot after a path", "a/b/..", "0", "Invalid filename"),
                Arguments.of("tracking database", ".indexcp_chunks.db", "0", "Invalid filename"),
                Arguments.of("hidden via path", "x/../.indexcp_chunks.db", "0", "Invalid filename"),
                Arguments.of("staging directory", "../.indexcp-staging", "0", "Invalid filename"),
                Arguments.of("tab", "bad\tname.bin", "0", "Invalid filename"),
                // A control character in a header value: refused by Payara (an empty 400) or by the application.
                Arguments.of("control character", "bad\u0001name.bin", "0", null),
                Arguments.of("over 255 bytes", "n".repeat(256), "0", "Invalid filename"),
                Arguments.of("missing index", "ok.bin", null, "Invalid X-Chunk-Index"),
                Arguments.of("empty index", "ok.bin", "", "Invalid X-Chunk-Index"),
                Arguments.of("negative index", "ok.bin", "-1", "Invalid X-Chunk-Index"),
                Arguments.of("non-numeric index", "ok.bin", "one", "Invalid X-Chunk-Index"),
                Arguments.of("fractional index", "ok.bin", "1.5", "Invalid X-Chunk-Index"),
                Arguments.of("hex index", "ok.bin", "0x10", "Invalid X-Chunk-Index"),
                Arguments.of("index out of range", "ok.bin", "99999999999999999999", "Invalid X-Chunk-Index"),
                Arguments.of("index beyond int", "ok.bin", "2147483648", "Invalid X-Chunk-Index"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void badUploadIsRefusedAndChangesNothing(String why, String name, String index, String error) throws Exception {
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        StringBuilder head = new StringBuilder("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ")
                .append(KEY).append("\r\nContent-Type: application/octet-stream\r\nContent-Length: 10\r\n");
        if (name != null) {
            head.append("X-File-Name: ").append(name).append("\r\n");
        }
        if (index != null) {
            head.append("X-Chunk-Index: ").append(index).append("\r\n");
        }
        RawAnswer answer = RawAnswer.exchange(root.getPort(),
                head.append("Connection: close\r\n\r\nsome bytes").toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(400, answer.status(), answer.body());
        if (error != null) {
            assertTrue(answer.body().contains("{\"error\":\"" + error), answer.body());
        }
        assertEquals(before, DirectorySnapshot.of(outputDir));
    }

    /** A request written byte for byte (names with control characters or raw UTF-8 are beyond HttpClient). */
    record RawAnswer(int status, String body) {
        static RawAnswer exchange(int port, byte[] request) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int status = Integer.parseInt(answer.substring(9, 12));
                return new RawAnswer(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
            }
        }
    }

    @Test
    void statusWithoutFilenameIs400() throws Exception {
        for (String query : new String[] {"upload/status", "upload/status?filename=", "upload/status?other=x"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(root.resolve(query))
                    .header("Authorization", "Bearer " + KEY).GET());
            assertEquals(400, answer.statusCode(), query);
            assertEquals("{\"error\":\"Missing filename parameter\"}", answer.body());
        }
    }

    @Test
    void bodyOverTheMaximumIs413AndChangesNothing() throws Exception {
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        HttpResponse<String> declared = send(upload("too-big.bin", "0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) MAX_CHUNK + 1])));
        assertEquals(413, declared.statusCode(), declared.body());
        assertJsonError(declared, "Chunk too large");

        // Without Content-Length (chunked transfer encoding) the limit is enforced while streaming. Written from a
        // thread of its own because the server answers, and closes, before the body ends (which HttpClient takes badly).
        try (Socket socket = new Socket("127.0.0.1", root.getPort())) {
            socket.setSoTimeout(60_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                            + "\r\nX-File-Name: too-big-streamed.bin\r\nX-Chunk-Index: 0\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] piece = new byte[64 * 1024];
                    for (long sent = 0; sent <= MAX_CHUNK + piece.length; sent += piece.length) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(piece);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedByServer) {
                    // expected once the server has answered 413
                }
            });
            writer.start();
            socket.setSoTimeout(60_000); // a server that never answers fails the test instead of hanging it
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            writer.join(60_000);
            assertTrue(answer.contains("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("{\"error\":\"Chunk too large"), answer);
        }
        assertEquals(before, DirectorySnapshot.of(outputDir));
    }

    @Test
    void bodyShorterThanContentLengthIsNotRecordedAndLeavesNoTrace() throws Exception {
        String name = "cut-" + java.util.UUID.randomUUID() + ".bin";
        String head = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                + "\r\nX-File-Name: " + name + "\r\nX-Chunk-Index: 0\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 100000\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", root.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[40_000]);
            out.flush();
        } // the connection is cut: 60,000 bytes never come

        // Whenever the server notices the cut, it cannot have recorded the chunk: the real one is not "already received"
        // and the file holds exactly its bytes.
        byte[] chunk = io.indexedcp.testing.RawUploads.randomBytes(100_000, 3);
        HttpResponse<String> real = send(upload(name, "0").POST(HttpRequest.BodyPublishers.ofByteArray(chunk)));
        assertEquals(200, real.statusCode(), real.body());
        assertTrue(!real.body().contains("alreadyReceived"), real.body());
        assertEquals(io.indexedcp.testing.Sha256.of(chunk), io.indexedcp.testing.Sha256.of(outputDir.resolve(name)));
        // And its staging file goes away (polled: the server handles the cut on its own thread).
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        Path staging = outputDir.resolve(".indexcp-staging");
        while (stagedFiles(staging) > stagedBefore && java.time.Instant.now().isBefore(deadline)) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // poll every 50 ms until the deadline
        }
        assertEquals(stagedBefore, stagedFiles(staging));
    }

    private long stagedBefore;

    @BeforeEach
    void countStaged() throws IOException {
        stagedBefore = stagedFiles(outputDir.resolve(".indexcp-staging"));
    }

    private static long stagedFiles(Path staging) throws IOException {
        try (Stream<Path> files = java.nio.file.Files.list(staging)) {
            return files.count();
        }
    }

    /** Every route and method of the API that needs the key; OPTIONS, health and the page do not. */
    private HttpRequest.Builder[] everyProtectedRoute(String name) {
        String completion = "{\"filename\":\"" + name + "\",\"uploadId\":\"none\",\"totalChunks\":1,"
                + "\"totalSize\":1,\"sha256\":\"" + "a".repeat(64) + "\"}";
        return new HttpRequest.Builder[] {
            HttpRequest.newBuilder(root.resolve("upload"))
                    .header("X-File-Name", name).header("X-Chunk-Index", "0")
                    .POST(HttpRequest.BodyPublishers.ofString("x")),
            HttpRequest.newBuilder(root.resolve("upload/status?filename=" + name)).GET(),
            HttpRequest.newBuilder(root.resolve("upload/status?filename=" + name + "&uploadId=none&digests=true")).GET(),
            HttpRequest.newBuilder(root.resolve("upload/complete")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(completion)),
            HttpRequest.newBuilder(root.resolve("uploads")).GET(),
            HttpRequest.newBuilder(root.resolve("upload?filename=" + name)).DELETE(),
        };
    }

    @Test
    void missingOrWrongKeyIs401OnEveryRouteAndMethod() throws Exception {
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        String[] authorizations = {null, "", KEY, "Bearer", "Bearer ", "bearer", "Bearer wrong-key", "bearer wrong-key",
            "Basic " + KEY, "Bearer " + KEY + "x", "Bearer" + KEY, "Bearerx " + KEY, "Token " + KEY};
        for (String authorization : authorizations) {
            for (HttpRequest.Builder request : everyProtectedRoute("auth.bin")) {
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> answer = send(request);
                String what = request.build().method() + " " + request.build().uri() + " with " + authorization;
                assertEquals(401, answer.statusCode(), what);
                assertEquals("{\"error\":\"Invalid or missing API key\"}", answer.body(), what);
            }
        }
        assertEquals(before, DirectorySnapshot.of(outputDir));
    }

    /** RFC 9110: the auth scheme is case-insensitive; the key itself is not. */
    @ParameterizedTest(name = "{0} <key>")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bearer", "BEARER", "bEaReR", "Bearer"})
    void bearerSchemeInAnyCaseIsAcceptedOnEveryRoute(String scheme) throws Exception {
        String name = "auth-" + scheme + "-" + java.util.UUID.randomUUID() + ".bin";
        int[] expected = {200, 200, 200, 404, 200, 200}; // completion: no upload with that id; cancel: the chunk sent first
        HttpRequest.Builder[] routes = everyProtectedRoute(name);
        for (int i = 0; i < routes.length; i++) {
            HttpResponse<String> answer = send(routes[i].header("Authorization", scheme + " " + KEY));
            assertEquals(expected[i], answer.statusCode(), routes[i].build().uri() + ": " + answer.body());
        }
        HttpResponse<String> lowerCaseKey = send(HttpRequest.newBuilder(root.resolve("uploads"))
                .header("Authorization", "Bearer " + KEY.toUpperCase(java.util.Locale.ROOT)).GET());
        assertEquals(401, lowerCaseKey.statusCode(), lowerCaseKey.body());
    }

    @Test
    void preflightNeedsNoKeyAndAnswersCors() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(root.resolve("upload"))
                .header("Origin", "http://example.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, x-file-name, x-chunk-index")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, answer.statusCode());
        assertEquals("*", answer.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String allowed = answer.headers().firstValue("Access-Control-Allow-Headers").orElse("");
        for (String header : new String[] {"Authorization", "X-File-Name", "X-Chunk-Index", "Content-Type"}) {
            assertTrue(allowed.contains(header), allowed);
        }
        assertTrue(answer.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    }

    @Test
    void errorsCarryCorsHeadersToo() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(root.resolve("upload/status?filename=x"))
                .header("Origin", "http://example.org").GET());
        assertEquals(401, answer.statusCode());
        assertEquals("*", answer.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void unknownPathAndWrongMethodAnswerJsonNotHtml() throws Exception {
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(root.resolve("no/such/thing"))
                .header("Authorization", "Bearer " + KEY).GET());
        assertEquals(404, unknown.statusCode());
        assertJsonError(unknown, "");
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(root.resolve("upload/status?filename=x"))
                .header("Authorization", "Bearer " + KEY).DELETE());
        assertEquals(405, wrongMethod.statusCode());
        assertJsonError(wrongMethod, "");
    }

    @Test
    void healthSaysTheApplicationAndItsDatabaseAreUpWithoutAKey() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(root.resolve("health/ready")).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"name\":\"indexedcp\",\"status\":\"UP\""), answer.body());
    }

    private HttpRequest.Builder upload(String name, String index) {
        return HttpRequest.newBuilder(root.resolve("upload"))
                .header("Authorization", "Bearer " + KEY)
                .header("X-File-Name", name)
                .header("X-Chunk-Index", index);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonError(HttpResponse<String> answer, String startOfMessage) {
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""), answer.body());
        assertTrue(answer.body().startsWith("{\"error\":\"" + startOfMessage), answer.body());
    }
}
