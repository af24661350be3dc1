package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.RawUploads;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A non-ASCII file name as the Python IndexedCP client sends it — {@code requests} writes a header
 * value as Latin-1 bytes — or as UTF-8 bytes is stored under its name and found by status with the
 * name UTF-8 percent-encoded; control characters in a name are still refused.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HeaderEncodingIT {

    private static final String KEY = System.getProperty("indexedcp.it.apiKey");

    @ArquillianResource
    URL base;

    private final Path outputDir = Path.of(System.getProperty("indexedcp.it.outputDir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PackagedWar.get();
    }

    @Test
    void aLatin1NameFromThePythonClientIsStoredUnderItsName() throws Exception {
        String name = "résumé-" + UUID.randomUUID() + ".pdf";
        RawRequests.Answer answer = RawRequests.exchange(port(), chunk(name)); // the name goes out as ISO-8859-1 bytes

        assertEquals(200, answer.status(), answer.raw());
        assertEquals("hello", Files.readString(outputDir.resolve(name)));
        RawUploads client = new RawUploads(PackagedWar.loopback(base), KEY);
        assertTrue(client.status(name).body().contains("\"receivedChunks\":[0]"), client.status(name).body());
    }

    @Test
    void aNameSentAsUtf8BytesIsStoredUnderItsName() throws Exception {
        String name = "отчёт-报告-" + UUID.randomUUID() + ".pdf";
        byte[] head = ("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\nX-File-Name: ")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] rest = "\r\nX-Chunk-Index: 0\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.writeBytes(head);
        request.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        request.writeBytes(rest);

        RawRequests.Answer answer = RawRequests.exchange(port(), request.toByteArray());

        assertEquals(200, answer.status(), answer.raw());
        assertEquals("hello", Files.readString(outputDir.resolve(name)));
        RawUploads client = new RawUploads(PackagedWar.loopback(base), KEY);
        assertTrue(client.status(name).body().contains("\"receivedChunks\":[0]"), client.status(name).body());
    }

    /** Every name, in every script and with every character that means something in a URL, via X-File-Name*. */
    @ParameterizedTest
    @ValueSource(strings = {"résumé.pdf", "报告 2026.pdf", "Москва.txt", "a b&c+d%e#f.bin", "😀 party.txt"})
    void anyNameTravelsAsAnExtendedHeaderAndStatusFindsIt(String prefix) throws Exception {
        String name = UUID.randomUUID() + " " + prefix;
        String request = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                + "\r\nX-File-Name: fallback-" + UUID.randomUUID() + "\r\nX-File-Name*: UTF-8''" + percentEncoded("dir/" + name)
                + "\r\nX-Chunk-Index: 0\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";

        RawRequests.Answer answer = RawRequests.exchange(port(), request);

        assertEquals(200, answer.status(), answer.raw());
        assertEquals("hello", Files.readString(outputDir.resolve(name)));
        try (var files = Files.list(outputDir)) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().startsWith("fallback-")));
        }
        RawUploads client = new RawUploads(PackagedWar.loopback(base), KEY);
        assertTrue(client.status(name).body().contains("\"receivedChunks\":[0]"), client.status(name).body());
    }

    @Test
    void anEncodedPathKeepsOnlyItsBaseNameAndAMalformedOneIsRefused() throws Exception {
        String name = "escape-" + UUID.randomUUID() + ".txt";
        RawRequests.Answer stripped = RawRequests.exchange(port(), extendedChunk("..%2F..%2F" + name));
        assertEquals(200, stripped.status(), stripped.raw());
        assertEquals("hello", Files.readString(outputDir.resolve(name)));

        String refusedName = "bad-" + UUID.randomUUID();
        RawRequests.Answer refused = RawRequests.exchange(port(), extendedChunk(refusedName + "%E6%8A"));
        assertEquals(400, refused.status(), refused.raw());
        assertTrue(refused.raw().contains("\"error\":\"Invalid filename: X-File-Name* is not valid UTF-8 once decoded\""),
                refused.raw());
        try (var files = Files.list(outputDir)) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().startsWith(refusedName)));
        }
    }

    @Test
    void controlCharactersInANameAreStillRefused() throws Exception {
        String name = "nul\u0000-" + UUID.randomUUID() + ".pdf";
        RawRequests.Answer answer = RawRequests.exchange(port(), chunk(name));

        assertEquals(400, answer.status(), answer.raw());
        try (var files = Files.list(outputDir)) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().startsWith("nul")));
        }
    }

    private int port() {
        return PackagedWar.loopback(base).getPort();
    }

    private static String extendedChunk(String extValue) {
        return "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\nX-File-Name*: UTF-8''"
                + extValue + "\r\nX-Chunk-Index: 0\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    }

    /** RFC 8187: attr-chars as they are, every other UTF-8 byte as %XX. */
    private static String percentEncoded(String name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }

    private static String chunk(String name) {
        return "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\nX-File-Name: " + name
                + "\r\nX-Chunk-Index: 0\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    }
}
