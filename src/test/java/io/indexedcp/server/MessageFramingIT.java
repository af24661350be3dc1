package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.DirectorySnapshot;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a chunk's body is framed and coded, over raw sockets: only what the container decodes for
 * the application (a Content-Length, or plain {@code chunked} on HTTP/1.1) is taken; anything else
 * is refused before a byte is stored, and a body that does not reach its end is never acknowledged.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MessageFramingIT {

    private static final String KEY = System.getProperty("indexedcp.it.apiKey");
    private static final String CHUNKED_HELLO = "5\r\nhello\r\n0\r\n\r\n";

    @ArquillianResource
    URL base;

    private int port;
    private RawUploads client;
    private final Path outputDir = Path.of(System.getProperty("indexedcp.it.outputDir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PackagedWar.get();
    }

    @BeforeEach
    void setUp() {
        port = PackagedWar.loopback(base).getPort();
        client = new RawUploads(PackagedWar.loopback(base), KEY);
    }

    private static String head(String version, String name, String... headers) {
        StringBuilder head = new StringBuilder("POST /upload ").append(version)
                .append("\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ").append(KEY)
                .append("\r\nX-File-Name: ").append(name).append("\r\nX-Chunk-Index: 0\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    static Stream<Arguments> unsupportedFramings() {
        return Stream.of(
                Arguments.of("gzip then chunked", "HTTP/1.1", new String[] {"Transfer-Encoding: gzip, chunked"},
                        "Unsupported Transfer-Encoding"),
                Arguments.of("unknown coding", "HTTP/1.1", new String[] {"Transfer-Encoding: foo"},
                        "Unsupported Transfer-Encoding"),
                Arguments.of("identity coding", "HTTP/1.1", new String[] {"Transfer-Encoding: identity"},
                        "Unsupported Transfer-Encoding"),
                Arguments.of("chunked twice in one line", "HTTP/1.1", new String[] {"Transfer-Encoding: chunked, chunked"},
                        "Unsupported Transfer-Encoding"),
                Arguments.of("chunked in two lines", "HTTP/1.1",
                        new String[] {"Transfer-Encoding: chunked", "Transfer-Encoding: chunked"},
                        "Unsupported Transfer-Encoding"),
                Arguments.of("chunked on HTTP/1.0", "HTTP/1.0", new String[] {"Transfer-Encoding: chunked"},
                        "Transfer-Encoding: chunked needs HTTP/1.1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedFramings")
    void unsupportedTransferCodingIsRefusedBeforeAnythingIsStored(String why, String version, String[] headers,
            String error) throws Exception {
        String name = "framing-" + UUID.randomUUID() + ".bin";
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        RawRequests.Answer answer = RawRequests.exchange(port, head(version, name, headers) + CHUNKED_HELLO);
        assertEquals(400, answer.status(), answer.raw());
        assertEquals("application/json", answer.header("Content-Type"), answer.raw());
        assertTrue(answer.body().startsWith("{\"error\":\"" + error), answer.raw());
        // The unread body must not be taken for a next request on the same connection.
        assertEquals("close", answer.header("Connection"), answer.raw());
        assertEquals(before, DirectorySnapshot.of(outputDir));
        assertReallyNotReceived(name);
    }

    @ParameterizedTest(name = "Content-Encoding: {0}")
    @ValueSource(strings = {"gzip", "deflate", "br", "identity, gzip", "x-unknown"})
    void encodedBodyIsRefusedBeforeAnythingIsStored(String coding) throws Exception {
        String name = "coded-" + UUID.randomUUID() + ".bin";
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        RawRequests.Answer answer = RawRequests.exchange(port,
                head("HTTP/1.1", name, "Content-Encoding: " + coding, "Content-Length: 5") + "hello");
        assertEquals(415, answer.status(), answer.raw());
        assertEquals("application/json", answer.header("Content-Type"), answer.raw());
        assertTrue(answer.body().startsWith("{\"error\":\"Unsupported Content-Encoding"), answer.raw());
        assertEquals(before, DirectorySnapshot.of(outputDir));
        assertReallyNotReceived(name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Transfer-Encoding: chunked", "Transfer-Encoding: Chunked", "Content-Encoding: identity"})
    void plainChunkedInAnyCaseAndIdentityAreTaken(String header) throws Exception {
        String name = "plain-" + UUID.randomUUID() + ".bin";
        String framed = header.startsWith("Transfer") ? head("HTTP/1.1", name, header, "Connection: close") + CHUNKED_HELLO
                : head("HTTP/1.1", name, header, "Content-Length: 5", "Connection: close") + "hello";
        RawRequests.Answer answer = RawRequests.exchange(port, framed);
        assertEquals(200, answer.status(), answer.raw());
        assertTrue(answer.body().contains("\"message\":\"Chunk received\""), answer.raw());
        assertEquals(Sha256.of("hello".getBytes(StandardCharsets.US_ASCII)), Sha256.of(outputDir.resolve(name)));
    }

    /**
     * What Grizzly gives the application for a chunked body that stops before its last chunk: a
     * failed read, never a normal end, so the chunk is never acknowledged or recorded.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"5\r\nhel", "5\r\nhello\r\n", "5\r\nhello\r\n3\r\nab"})
    void chunkedBodyCutShortIsNeverAcknowledged(String cutBody) throws Exception {
        String name = "cut-chunked-" + UUID.randomUUID() + ".bin";
        RawRequests.Answer answer = RawRequests.exchange(port,
                head("HTTP/1.1", name, "Transfer-Encoding: chunked") + cutBody);
        assertNotEquals(200, answer.status(), answer.raw());
        assertFalse(answer.raw().contains("Chunk received"), answer.raw());
        assertReallyNotReceived(name);
    }

    @ParameterizedTest(name = "{0} twice")
    @ValueSource(strings = {"X-File-Name", "X-Chunk-Index", "X-Upload-Id"})
    void repeatedProtocolHeaderIsRefused(String header) throws Exception {
        String name = "twice-" + UUID.randomUUID() + ".bin";
        String second = switch (header) {
            case "X-File-Name" -> "X-File-Name: other-" + name;
            case "X-Chunk-Index" -> "X-Chunk-Index: 1";
            default -> "X-Upload-Id: second";
        };
        String[] headers = header.equals("X-Upload-Id")
                ? new String[] {"X-Upload-Id: first", second, "Content-Length: 5"}
                : new String[] {second, "Content-Length: 5"};
        Map<String, String> before = DirectorySnapshot.of(outputDir);
        RawRequests.Answer answer = RawRequests.exchange(port, head("HTTP/1.1", name, headers) + "hello");
        assertEquals(400, answer.status(), answer.raw());
        assertEquals("{\"error\":\"Duplicate " + header + " header: send it once\"}", answer.body());
        assertEquals(before, DirectorySnapshot.of(outputDir));
    }

    /** The chunk was not recorded: sent properly now, it is new, and the file holds exactly its bytes. */
    private void assertReallyNotReceived(String name) throws Exception {
        byte[] chunk = "hello".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> resend = client.sendChunk(name, 0, chunk);
        assertEquals(200, resend.statusCode(), resend.body());
        assertFalse(resend.body().contains("alreadyReceived"), resend.body());
        assertEquals(Sha256.of(chunk), Sha256.of(outputDir.resolve(name)));
    }
}
