package io.indexedcp.client.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.UploadStatus;
import jakarta.ws.rs.client.Client;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JAX-RS calls against a scripted JDK HTTP server: what goes on the wire, and how answers are classified. */
class UploadEndpointTest {

    record Seen(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private HttpServer server;
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    /** The client's port of each request's connection, in order. */
    private final ConcurrentLinkedQueue<Integer> clientPorts = new ConcurrentLinkedQueue<>();
    private volatile Answer answer;
    private Client client;
    private UploadEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        client = RestClients.create(Duration.ofSeconds(5), Duration.ofSeconds(5));
        endpoint = new UploadEndpoint(client,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/upload"), "k3y");
    }

    @AfterEach
    void stop() {
        endpoint.close();
        client.close();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Answer a = answer;
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Test
    void chunkGoesOutWithTheProtocolHeadersAndContentLength() {
        answer = new Answer(200, Map.of(),
                "{\"message\":\"Chunk received\",\"actualFilename\":\"x.bin\",\"chunkIndex\":3,\"clientFilename\":\"./d/x.bin\"}");
        byte[] data = "hello chunk".getBytes(StandardCharsets.US_ASCII);

        Outcome<ChunkReceipt> outcome = endpoint.sendChunk("./d/x.bin", 3, data);

        ChunkReceipt receipt = assertInstanceOf(Outcome.Success.class, outcome).value() instanceof ChunkReceipt r ? r : null;
        assertEquals("x.bin", receipt.actualFilename());
        Seen request = seen.poll();
        assertEquals("POST", request.method());
        assertEquals("/upload", request.uri());
        assertEquals("Bearer k3y", request.header("Authorization"));
        assertEquals("./d/x.bin", request.header("X-File-Name"));
        assertEquals("3", request.header("X-Chunk-Index"));
        assertEquals("application/octet-stream", request.header("Content-Type"));
        assertEquals(Integer.toString(data.length), request.header("Content-Length"));
        assertArrayEquals(data, request.body());
    }

    @Test
    void chunksGoOutOnOneKeptAliveConnectionWhateverTheAnswer() {
        String ok = "{\"message\":\"Chunk received\",\"actualFilename\":\"k\",\"chunkIndex\":0,\"clientFilename\":\"k\"}";
        answer = new Answer(200, Map.of(), ok);
        assertInstanceOf(Outcome.Success.class, endpoint.sendChunk("k", 0, new byte[1000]));
        answer = new Answer(503, Map.of("Retry-After", "1"), "{\"error\":\"busy\"}");
        assertInstanceOf(Outcome.Retryable.class, endpoint.sendChunk("k", 1, new byte[1000]));
        answer = new Answer(200, Map.of(), ok);
        assertInstanceOf(Outcome.Success.class, endpoint.sendChunk("k", 1, new byte[1000]));

        // Each answer, a refusal's included, was read to its end: else the JDK could not reuse the connection.
        assertEquals(3, clientPorts.size());
        assertEquals(1, clientPorts.stream().distinct().count(), "client ports: " + clientPorts);
    }

    @Test
    void emptyChunkIsSentWithContentLengthZero() {
        answer = new Answer(200, Map.of(),
                "{\"message\":\"Chunk received\",\"actualFilename\":\"e\",\"chunkIndex\":0,\"clientFilename\":\"e\"}");

        assertInstanceOf(Outcome.Success.class, endpoint.sendChunk("e", 0, new byte[0]));

        Seen request = seen.poll();
        assertEquals("0", request.header("Content-Length"));
        assertEquals(0, request.body().length);
    }

    @Test
    void alreadyReceivedIsASuccess() {
        answer = new Answer(200, Map.of(), "{\"message\":\"Chunk already received (skipped)\",\"actualFilename\":\"x\","
                + "\"chunkIndex\":0,\"clientFilename\":\"x\",\"alreadyReceived\":true}");

        Outcome<ChunkReceipt> outcome = endpoint.sendChunk("x", 0, new byte[] {1});

        assertTrue(((ChunkReceipt) assertInstanceOf(Outcome.Success.class, outcome).value()).wasAlreadyReceived());
    }

    @Test
    void statusAsksForTheUrlEncodedName() {
        answer = new Answer(200, Map.of(), "{\"filename\":\"a b&c.bin\",\"receivedChunks\":[0,2]}");

        Outcome<UploadStatus> outcome = endpoint.status("a b&c.bin");

        UploadStatus status = (UploadStatus) assertInstanceOf(Outcome.Success.class, outcome).value();
        assertEquals(List.of(0, 2), status.receivedChunks());
        Seen request = seen.poll();
        assertEquals("GET", request.method());
        assertEquals("/upload/status?filename=a%20b%26c.bin", request.uri());
        assertEquals("Bearer k3y", request.header("Authorization"));
    }

    @Test
    void queryValuesKeepPlusPercentHashAndNonAscii() {
        answer = new Answer(200, Map.of(), "{\"filename\":\"x\",\"receivedChunks\":[]}");

        endpoint.status("a+b%c#d é.bin", "u 1");

        assertEquals("/upload/status?filename=a%2Bb%25c%23d%20%C3%A9.bin&uploadId=u%201", seen.poll().uri());
    }

    @Test
    void aPrintableAsciiNameGoesInXFileNameAlone() {
        answer = new Answer(200, Map.of(), "{\"message\":\"Chunk received\",\"chunkIndex\":0}");

        endpoint.sendChunk("./d/a b&c+d%e#f.bin", 0, new byte[] {1});

        Seen request = seen.poll();
        assertEquals("./d/a b&c+d%e#f.bin", request.header("X-File-Name"));
        assertEquals(null, request.header("X-File-Name*"));
    }

    @Test
    void anyOtherNameGoesInXFileNameStarWithAnAsciiFallback() {
        answer = new Answer(200, Map.of(), "{\"message\":\"Chunk received\",\"chunkIndex\":0}");

        endpoint.sendChunk("报告 2026.pdf", 0, new byte[] {1});

        Seen request = seen.poll();
        assertEquals("UTF-8''%E6%8A%A5%E5%91%8A%202026.pdf", request.header("X-File-Name*"));
        assertEquals("%E6%8A%A5%E5%91%8A%202026.pdf", request.header("X-File-Name"));
    }

    @Test
    void cancelDeletesTheUploadByNameAndId() {
        answer = new Answer(200, Map.of(), "{\"message\":\"Upload cancelled\",\"filename\":\"a b.bin\",\"uploadId\":\"u\"}");

        var receipt = (io.indexedcp.protocol.CancelReceipt)
                assertInstanceOf(Outcome.Success.class, endpoint.cancel("a b.bin", "u")).value();

        assertEquals("a b.bin", receipt.filename());
        Seen request = seen.poll();
        assertEquals("DELETE", request.method());
        assertEquals("/upload?filename=a%20b.bin&uploadId=u", request.uri());
        answer = new Answer(404, Map.of(), "{\"error\":\"Unknown upload\"}");
        Outcome.Fatal<?> unknown = assertInstanceOf(Outcome.Fatal.class, endpoint.cancel("a b.bin", "u"));
        assertEquals(404, unknown.status());
        answer = new Answer(409, Map.of(), "{\"error\":\"being completed\"}");
        assertInstanceOf(Outcome.Retryable.class, endpoint.cancel("a b.bin", "u"));
    }

    @Test
    void theListingCanBeAskedForOneName() {
        answer = new Answer(200, Map.of(), "{\"uploads\":[]}");

        endpoint.uploads("dir/a&b.bin");
        endpoint.uploads();

        assertEquals("/uploads?filename=dir%2Fa%26b.bin", seen.poll().uri());
        assertEquals("/uploads", seen.poll().uri());
    }

    @Test
    void theBaseUrlOfTheServerWorksAsWellAsItsUploadUrl() {
        answer = new Answer(200, Map.of(), "{\"filename\":\"x\",\"receivedChunks\":[]}");
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        for (String given : List.of(base, base + "/", base + "/upload", base + "/upload/")) {
            new UploadEndpoint(client, URI.create(given), "k3y").status("x");
            assertEquals("/upload/status?filename=x", seen.poll().uri(), given);
        }
        assertEquals(URI.create("http://h/app/upload"), ServerUrls.uploadUrl(URI.create("http://h/app/")));
        assertEquals(URI.create("http://h:8080/upload"), ServerUrls.uploadUrl(URI.create("http://h:8080/?x=1")));
    }

    @Test
    void unauthorizedIsFatalAndSaysWhatToCheck() {
        answer = new Answer(401, Map.of(), "{\"error\":\"Invalid or missing API key\"}");

        Outcome.Fatal<?> fatal = assertInstanceOf(Outcome.Fatal.class, endpoint.sendChunk("x", 0, new byte[] {1}));

        assertEquals(401, fatal.status());
        assertTrue(fatal.isAuthentication());
        assertTrue(fatal.message().startsWith("authentication failed: check INDEXEDCP_API_KEY"), fatal.message());
            }

    @Test
    void clientErrorsAreFatal() {
        for (int status : new int[] {400, 403, 404, 413}) {
            answer = new Answer(status, Map.of(), "{\"error\":\"no\"}");
            Outcome.Fatal<?> fatal = assertInstanceOf(Outcome.Fatal.class, endpoint.sendChunk("x", 0, new byte[] {1}));
            assertEquals(status, fatal.status());
            assertTrue(fatal.message().endsWith("(server: no)") || fatal.message().endsWith("): no"), fatal.message());
        }
    }

    @Test
    void serviceUnavailableIsRetryableWithItsRetryAfter() {
        answer = new Answer(503, Map.of("Retry-After", "7"), "{\"error\":\"busy\"}");

        Outcome.Retryable<?> retryable = assertInstanceOf(Outcome.Retryable.class, endpoint.sendChunk("x", 0, new byte[] {1}));

        assertEquals(Optional.of(Duration.ofSeconds(7)), retryable.retryAfter());
    }

    @Test
    void timeoutsAndTooManyRequestsAreRetryable() {
        for (int status : new int[] {408, 429, 500, 502, 504}) {
            answer = new Answer(status, Map.of(), "");
            Outcome.Retryable<?> retryable = assertInstanceOf(Outcome.Retryable.class, endpoint.status("x"));
            assertEquals(Optional.empty(), retryable.retryAfter());
        }
    }

    @Test
    void connectionRefusedIsRetryable() {
        server.stop(0);

        assertInstanceOf(Outcome.Retryable.class, endpoint.sendChunk("x", 0, new byte[] {1}));
    }

    @Test
    void statusUrlIsDerivedFromTheUploadUrl() {
        assertEquals(URI.create("http://h:1/upload/status"), UploadEndpoint.statusUrl(URI.create("http://h:1/upload")));
        assertEquals(URI.create("http://h:1/upload/status"), UploadEndpoint.statusUrl(URI.create("http://h:1/upload/")));
        assertEquals(URI.create("http://h:1/app/upload/status"), UploadEndpoint.statusUrl(URI.create("http://h:1/app/upload")));
    }

    @Test
    void aV2ChunkCarriesItsUploadIdAndDigest() {
        answer = new Answer(200, Map.of(),
                "{\"message\":\"Chunk received\",\"actualFilename\":\"x\",\"chunkIndex\":1,\"clientFilename\":\"x\"}");

        assertInstanceOf(Outcome.Success.class, endpoint.sendChunk("x", 1, new byte[] {7}, "id-1", "sha-256=:abc=:"));

        Seen request = seen.poll();
        assertEquals("id-1", request.header("X-Upload-Id"));
        assertEquals("sha-256=:abc=:", request.header("Content-Digest"));
    }

    @Test
    void aDigestMismatchOnAChunkIsRetryable() {
        answer = new Answer(422, Map.of(), "{\"error\":\"Content-Digest mismatch\"}");

        Outcome.Retryable<?> retryable = assertInstanceOf(Outcome.Retryable.class,
                endpoint.sendChunk("x", 0, new byte[] {1}, "id", "sha-256=:abc=:"));

        assertEquals("HTTP 422", retryable.reason());
    }

    @Test
    void statusAsksForTheUploadIdAndReadsTheV2Fields() {
        answer = new Answer(200, Map.of(), "{\"filename\":\"x.bin\",\"receivedChunks\":[0,1],\"uploadId\":\"u-1\","
                + "\"complete\":true,\"actualFilename\":\"x.bin\",\"size\":5,\"sha256\":\"ab\"}");

        UploadStatus status = (UploadStatus) assertInstanceOf(Outcome.Success.class, endpoint.status("x.bin", "u-1")).value();

        assertEquals("/upload/status?filename=x.bin&uploadId=u-1", seen.poll().uri());
        assertEquals("u-1", status.uploadId());
        assertEquals(Boolean.TRUE, status.complete());
        assertEquals(5L, status.size());
    }

    @Test
    void completionPostsTheTotalsAsJsonAndItsRefusalsAreFatal() {
        answer = new Answer(200, Map.of(), "{\"message\":\"Upload complete\",\"actualFilename\":\"x.bin\","
                + "\"uploadId\":\"u\",\"size\":12,\"sha256\":\"ff\"}");
        io.indexedcp.protocol.CompletionRequest body = new io.indexedcp.protocol.CompletionRequest("d/x.bin", "u", 2, 12L, "ff");

        var receipt = (io.indexedcp.protocol.CompletionReceipt)
                assertInstanceOf(Outcome.Success.class, endpoint.complete(body)).value();

        assertEquals("x.bin", receipt.actualFilename());
        Seen request = seen.poll();
        assertEquals("POST", request.method());
        assertEquals("/upload/complete", request.uri());
        assertEquals("{\"filename\":\"d/x.bin\",\"uploadId\":\"u\",\"totalChunks\":2,\"totalSize\":12,\"sha256\":\"ff\"}",
                new String(request.body(), StandardCharsets.UTF_8));
        for (int status : new int[] {404, 405, 409, 422}) {
            answer = new Answer(status, Map.of(), "{\"error\":\"no\"}");
            assertEquals(status, assertInstanceOf(Outcome.Fatal.class, endpoint.complete(body)).status());
        }
    }

    @Test
    void theListingIsASiblingOfTheUploadUrl() {
        assertEquals(URI.create("http://h:1/uploads"), UploadEndpoint.uploadsUrl(URI.create("http://h:1/upload")));
        assertEquals(URI.create("http://h:1/uploads"), UploadEndpoint.uploadsUrl(URI.create("http://h:1/upload/")));
        assertEquals(URI.create("http://h:1/app/uploads"), UploadEndpoint.uploadsUrl(URI.create("http://h:1/app/upload")));
    }
}
