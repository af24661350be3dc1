package io.indexedcp.client.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.indexedcp.client.TlsException;
import io.indexedcp.client.TrustedCertificates;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.testing.TestCertificates;
import jakarta.ws.rs.client.Client;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes against the JDK's own HTTPS server (certificates made now with keytool): an
 * untrusted or misnamed certificate, and https:// to a plain port, each end in one {@link TlsException}
 * that names the server and what to do, instead of being retried like a server that is down.
 */
class TlsFailuresTest {

    private static final String STATUS = "{\"filename\":\"x.bin\",\"receivedChunks\":[0]}";

    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static TestCertificates otherCa;
    private static HttpsServer named;
    private static HttpsServer localhostOnly;
    /** A plain-HTTP server as Grizzly is one: it answers bytes it cannot parse (a TLS hello) with a 400 at once. */
    private static java.net.ServerSocket plain;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.newCa(dir, "unit-ca");
        otherCa = TestCertificates.newCa(dir, "unit-other-ca");
        named = https(ca.serverKeyStore("named", "pw-named"), "pw-named");
        localhostOnly = https(ca.serverKeyStore("localhost-only", "pw-local", "dns:localhost"), "pw-local");
        plain = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(TlsFailuresTest::answerBadRequests, "plain-http");
        answering.setDaemon(true);
        answering.start();
    }

    @AfterAll
    static void stop() throws IOException {
        for (var server : new HttpServer[] {named, localhostOnly}) {
            if (server != null) {
                server.stop(0);
            }
        }
        if (plain != null) {
            plain.close();
        }
    }

    private static void answerBadRequests() {
        while (!plain.isClosed()) {
            try (java.net.Socket socket = plain.accept()) {
                socket.getInputStream().read(new byte[512]);
                socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                // the next connection, or the end
            }
        }
    }

    @Test
    void theRightCaIsTrusted() throws Exception {
        Outcome<UploadStatus> outcome = status(url(named), TrustedCertificates.fromPem(ca.certificate()));
        assertTrue(outcome instanceof Outcome.Success<UploadStatus>, outcome.toString());
    }

    @Test
    void anotherCaIsRefusedWithTheServerAndTheOptionNamed() throws Exception {
        TlsException e = assertThrows(TlsException.class,
                () -> status(url(named), TrustedCertificates.fromPem(otherCa.certificate())));
        assertEquals("TLS: the certificate of " + origin(named) + " is not trusted (PKIX path building failed); pass the "
                + "CA that signed it with --cacert FILE (or --truststore FILE)", e.getMessage());
    }

    @Test
    void theJdksDefaultTrustRefusesAnInternalCa() {
        TlsException e = assertThrows(TlsException.class, () -> status(url(named), null));
        assertTrue(e.getMessage().contains("is not trusted"), e.getMessage());
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        TlsException e = assertThrows(TlsException.class,
                () -> status(url(localhostOnly), TrustedCertificates.fromPem(ca.certificate())));
        assertTrue(e.getMessage().startsWith("TLS: the certificate of " + origin(localhostOnly)
                + " is not issued for 127.0.0.1 ("), e.getMessage());
    }

    @Test
    void httpsToAPlainPortSaysSo() {
        URI url = URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/upload");
        TlsException e = assertThrows(TlsException.class, () -> status(url, TrustedCertificates.fromPem(ca.certificate())));
        assertTrue(e.getMessage().contains("does not answer with TLS"), e.getMessage());
    }

    @Test
    void aRefusedConnectionStaysRetryable() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Outcome<UploadStatus> outcome = status(URI.create("https://127.0.0.1:" + closed + "/upload"),
                TrustedCertificates.fromPem(ca.certificate()));
        assertTrue(outcome instanceof Outcome.Retryable<UploadStatus>, outcome.toString());
    }

    private static Outcome<UploadStatus> status(URI uploadUrl, SSLContext trust) {
        Client client = RestClients.create(Duration.ofSeconds(5), Duration.ofSeconds(5), trust);
        try {
            return new UploadEndpoint(client, uploadUrl, "key").status("x.bin");
        } finally {
            client.close();
        }
    }

    private static URI url(HttpsServer server) {
        return URI.create(origin(server) + "upload");
    }

    private static String origin(HttpsServer server) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static HttpsServer https(Path keyStore, String password) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(KeyStore.getInstance(keyStore.toFile(), password.toCharArray()), password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> answer(exchange));
        server.start();
        return server;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] body = STATUS.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }
}
