package io.indexedcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.RawUploads;
import java.net.URL;
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

    private static String chunk(String name) {
        return "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY + "\r\nX-File-Name: " + name
                + "\r\nX-Chunk-Index: 0\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    }
}
