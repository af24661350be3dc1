package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.DirectorySnapshot;
import io.indexedcp.testing.RawUploads;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every error answer is a 4xx JSON {@code {"error": ...}} with a reason, whoever gives it — a
 * resource, the JSON reader, the servlet container — and a refused request changes nothing on disk.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ErrorAnswersIT {

    private static final String KEY = System.getProperty("indexedcp.it.apiKey");
    private static final String SHA = "a".repeat(64);

    @ArquillianResource
    URL base;

    private URI root;
    private RawUploads client;
    private final Path outputDir = Path.of(System.getProperty("indexedcp.it.outputDir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PackagedWar.get();
    }

    @BeforeEach
    void setUp() {
        root = PackagedWar.loopback(base);
        client = new RawUploads(root, KEY);
    }

    static Stream<Arguments> badCompletions() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        return Stream.of(
                Arguments.of("unfinished object", utf8("{"), "malformed JSON"),
                Arguments.of("array", utf8("[]"), "the body must be a JSON object"),
                Arguments.of("string", utf8("\"x\""), "the body must be a JSON object"),
                Arguments.of("empty body", new byte[0], "the body is empty"),
                Arguments.of("byte order mark", concat(bom, utf8(validCompletion("bom.bin"))), "the body starts with a byte order mark"),
                Arguments.of("not UTF-8", new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, "the body is not UTF-8"),
                Arguments.of("20,000 arrays deep", utf8("[".repeat(20_000)), ""),
                Arguments.of("deep unknown field", utf8("{\"extra\":" + "[".repeat(100) + "]".repeat(100) + "}"),
                        "the value of extra nests deeper than"),
                Arguments.of("something after the object", utf8("{} {}"), "malformed JSON"),
                Arguments.of("totalChunks a string", utf8("{\"totalChunks\":\"abc\"}"), "totalChunks must be a whole number"),
                Arguments.of("totalChunks a fraction", utf8("{\"totalChunks\":1.5}"), "totalChunks must be a whole number"),
                Arguments.of("totalChunks with exponent", utf8("{\"totalChunks\":1e1}"), "totalChunks must be a whole number"),
                Arguments.of("totalChunks an object", utf8("{\"totalChunks\":{}}"), "totalChunks must be a whole number"),
                Arguments.of("totalChunks 2^31", utf8("{\"totalChunks\":2147483648}"),
                        "totalChunks must be between -2147483648 and 2147483647"),
                Arguments.of("totalChunks below -2^31", utf8("{\"totalChunks\":-2147483649}"),
                        "totalChunks must be between -2147483648 and 2147483647"),
                Arguments.of("totalSize 2^63", utf8("{\"totalSize\":9223372036854775808}"),
                        "totalSize must be between -9223372036854775808 and 9223372036854775807"),
                Arguments.of("totalSize a fraction", utf8("{\"totalSize\":10.5}"), "totalSize must be a whole number"),
                Arguments.of("filename a number", utf8("{\"filename\":5}"), "filename must be a string"),
                Arguments.of("sha256 an array", utf8("{\"sha256\":[]}"), "sha256 must be a string"),
                Arguments.of("field twice", utf8("{\"filename\":\"a.bin\",\"filename\":\"b.bin\"}"),
                        "the field filename appears twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCompletions")
    void malformedCompletionIs400WithItsReason(String why, byte[] body, String reason) throws Exception {
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(root.resolve("upload/complete"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(400, answer.statusCode(), answer.body());
        assertJsonError(answer, "Invalid completion request: " + reason);
        assertEquals(before, DirectorySnapshot.of(outputDir));
    }

    @Test
    void unknownFieldsAreSkipped() throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(root.resolve("upload/complete"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\":\"unknown-fields.bin\",\"uploadId\":\"none\","
                        + "\"totalChunks\":1,\"totalSize\":0,\"sha256\":\"" + SHA + "\",\"later\":{\"a\":[1,{\"b\":null}]}}")));
        assertEquals(404, answer.statusCode(), answer.body());
        assertJsonError(answer, "No upload");
    }

    @Test
    void fileNameOfAnExistingDirectoryIs409AndChangesNothing() throws Exception {
        String directory = "a-directory-" + UUID.randomUUID();
        Files.createDirectory(outputDir.resolve(directory));
        try {
            Map<String, String> before = DirectorySnapshot.of(outputDir);
            byte[] chunk = "hello".getBytes(StandardCharsets.US_ASCII);
            for (HttpResponse<String> answer : new HttpResponse[] {
                client.sendChunk("some/where/" + directory, 0, chunk),
                client.sendChunk(directory, "v2-" + UUID.randomUUID(), 0, chunk, RawUploads.digestOf(chunk)),
                client.complete(directory, "v2-" + UUID.randomUUID(), 1, 5, SHA)}) {
                assertEquals(409, answer.statusCode(), answer.body());
                assertJsonError(answer, "File name taken by a directory: " + directory);
            }
            assertEquals(before, DirectorySnapshot.of(outputDir));
            assertTrue(Files.isDirectory(outputDir.resolve(directory)));
        } finally {
            Files.delete(outputDir.resolve(directory));
        }
    }

    /** Paths the servlet container answers itself, outside the JAX-RS resources. */
    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"WEB-INF/web.xml", "WEB-INF/", "WEB-INF/beans.xml", "META-INF/MANIFEST.MF", "META-INF/",
        "metrics/x", "metrics/base/nothing", "openapi/ui", "application.wadl", "indexedcp-error", "no/such/thing"})
    void containerAnswersAreJsonNotHtml(String path) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(root.resolve(path))
                .header("Authorization", "Bearer " + KEY).GET());
        assertEquals(404, answer.statusCode(), answer.body());
        assertJsonError(answer, "Not Found");
    }

    @ParameterizedTest(name = "Content-Type: \"{0}\" on {1}")
    @MethodSource("malformedContentTypes")
    void malformedContentTypeIs400Json(String contentType, String path) throws Exception {
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        RawRequests.Answer answer = RawRequests.exchange(root.getPort(), "POST /" + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\nX-File-Name: content-type.bin\r\n"
                + "X-Chunk-Index: 0\r\nContent-Type: " + contentType + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertEquals(400, answer.status(), answer.raw());
        assertEquals("application/json", answer.header("Content-Type"), answer.raw());
        assertEquals("{\"error\":\"Invalid Content-Type header: not a media type (type/subtype)\"}", answer.body());
        assertEquals(before, DirectorySnapshot.of(outputDir));
    }

    static Stream<Arguments> malformedContentTypes() {
        return Stream.of(";;;///", "", "text", "/").flatMap(type -> Stream.of(
                Arguments.of(type, "upload"), Arguments.of(type, "upload/complete")));
    }

    @ParameterizedTest(name = "GET /{0}")
    @ValueSource(strings = {"health", "health/ready", "health/live"})
    void healthSaysUpAndNothingMore(String path) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(root.resolve(path)).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"status\":\"UP\""), answer.body());
        assertFalse(answer.body().contains("uploads"), answer.body());
        assertFalse(answer.body().matches(".*\"data\":\\{[^}].*"), answer.body());
    }

    private static void assertJsonError(HttpResponse<String> answer, String startOfMessage) {
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""), answer.body());
        assertTrue(answer.body().startsWith("{\"error\":\"" + startOfMessage), answer.body());
    }

    private static String validCompletion(String name) {
        return "{\"filename\":\"" + name + "\",\"uploadId\":\"x\",\"totalChunks\":1,\"totalSize\":0,\"sha256\":\"" + SHA + "\"}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
