package io.indexedcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.client.TrustedCertificates;
import io.indexedcp.testing.HttpsLaunch;
import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import io.indexedcp.testing.Sha256;
import io.indexedcp.testing.TestCertificates;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI over real HTTPS: Payara Micro serving the operator's key store (a CA and a server certificate
 * made now with {@code keytool}, as the README's TLS section does), plain HTTP redirected. An upload with
 * {@code --cacert} (and with {@code --truststore}) lands intact; one with the wrong CA, or none, fails at
 * once with a message naming the server and {@code --cacert}, and nothing lands.
 */
class TlsIT {

    private static final String KEY = "tls-it-key-0123456789abcdef";
    private static final String STORE_PASSWORD = "server-store-secret";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path shared;

    private static TestCertificates ca;
    private static TestCertificates otherCa;
    private static Path outputDir;
    private static PayaraMicroProcess server;

    @TempDir
    Path dir;

    private CliProcess cli;

    @BeforeAll
    static void startServer() throws Exception {
        Path certs = Files.createDirectories(shared.resolve("certs"));
        ca = TestCertificates.newCa(certs, "indexedcp-test-ca");
        otherCa = TestCertificates.newCa(certs, "some-other-ca");
        Path keyStore = ca.serverKeyStore("indexedcp-server", STORE_PASSWORD);
        HttpsLaunch https = HttpsLaunch.of(freePort(), keyStore, STORE_PASSWORD, null, HttpsLaunch.HttpMode.REDIRECT);
        outputDir = Files.createDirectories(shared.resolve("uploads"));
        server = new PayaraMicroProcess(outputDir, KEY)
                .withHttps(https, TrustedCertificates.fromPem(ca.certificate()))
                .start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void setUp() {
        cli = new CliProcess(dir, Map.of("INDEXEDCP_API_KEY", KEY));
    }

    @Test
    void uploadsOverHttpsWithTheCaFile() throws Exception {
        Path file = source(3 * 64 * 1024 + 17);
        CliProcess.Result result = cli.run("upload", "--server", server.httpsBaseUri().toString(),
                "--cacert", ca.certificate().toString(), "--buffer", dir.resolve("buffer.db").toString(),
                "--chunk-size", "64K", file.toString());
        assertEquals(0, result.exit(), result.err());
        String name = file.getFileName().toString();
        assertEquals(file + " -> " + name, result.out().strip());
        assertEquals(Sha256.of(file), Sha256.of(outputDir.resolve(name)));
    }

    @Test
    void uploadsOverHttpsWithATrustStore() throws Exception {
        Path trustStore = ca.trustStore("trust-" + NAMES.incrementAndGet() + ".p12", "trust-secret");
        Path file = source(100_000);
        CliProcess.Result result = new CliProcess(dir, Map.of("INDEXEDCP_API_KEY", KEY,
                "INDEXEDCP_TRUSTSTORE_PASSWORD", "trust-secret"))
                .run("upload", "--server", server.httpsBaseUri().resolve("upload").toString(),
                        "--truststore", trustStore.toString(), "--buffer", dir.resolve("buffer.db").toString(),
                        file.toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(Sha256.of(file), Sha256.of(outputDir.resolve(file.getFileName().toString())));
    }

    @Test
    void theWrongCaFailsClearlyAndNothingLands() throws Exception {
        Path file = source(100_000);
        long started = System.nanoTime();
        CliProcess.Result result = cli.run("upload", "--server", server.httpsBaseUri().toString(),
                "--cacert", otherCa.certificate().toString(), "--buffer", dir.resolve("buffer.db").toString(), file.toString());
        assertUntrusted(result);
        // Refused at once: no back-off through the retries, as for a server that is down.
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) < 0);
        assertFalse(Files.exists(outputDir.resolve(file.getFileName().toString())));
    }

    @Test
    void withoutACaFileTheJdksDefaultTrustRefusesTheInternalCa() throws Exception {
        Path file = source(1000);
        CliProcess.Result result = cli.run("upload", "--server", server.httpsBaseUri().toString(),
                "--buffer", dir.resolve("buffer.db").toString(), file.toString());
        assertUntrusted(result);
        assertFalse(Files.exists(outputDir.resolve(file.getFileName().toString())));

        CliProcess.Result status = cli.run("status", file.getFileName().toString(), "--server",
                server.httpsBaseUri().toString(), "--cacert", otherCa.certificate().toString());
        assertUntrusted(status);
    }

    @Test
    void plainHttpIsRedirectedToHttps() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI plain = URI.create("http://127.0.0.1:" + server.port() + "/upload/status?filename=x.bin");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(308, answer.statusCode(), answer.body());
        assertEquals(server.httpsBaseUri().resolve("upload/status?filename=x.bin").toString(),
                answer.headers().firstValue("Location").orElseThrow());

        // A chunk too: the redirect runs before every other filter (web.xml), the chunk filter included.
        HttpResponse<String> chunk = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/upload")).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + KEY)
                .header("X-File-Name", "redirected.bin").header("X-Chunk-Index", "0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(308, chunk.statusCode(), chunk.body());
        assertFalse(Files.exists(outputDir.resolve("redirected.bin")));

        Path file = source(1000);
        CliProcess.Result result = cli.run("upload", "--server", "http://127.0.0.1:" + server.port() + "/",
                "--buffer", dir.resolve("buffer.db").toString(), file.toString());
        assertEquals(ExitCodes.FAILED, result.exit(), result.err());
        assertTrue(result.err().contains("HTTPS only"), result.err());
        assertFalse(Files.exists(outputDir.resolve(file.getFileName().toString())));
    }

    /**
     * Grizzly answers a TLS hello on its plain port either by closing the connection (seen on a first
     * connection: that looks like a server going down mid-handshake, so it is retried, with the likely
     * cause named) or with a plain-HTTP answer (seen on the retry: refused at once). Either way the user
     * reads that the port may not be the HTTPS one.
     */
    @Test
    void httpsToThePlainPortSaysWhatItProbablyIs() throws Exception {
        CliProcess.Result result = cli.run("status", "x.bin", "--server", "https://127.0.0.1:" + server.port() + "/",
                "--cacert", ca.certificate().toString(), "--retries", "1", "--initial-delay", "50ms");
        String err = result.err();
        if (result.exit() == ExitCodes.FAILED) {
            assertTrue(err.contains("indexedcp: TLS: https://127.0.0.1:" + server.port() + "/ does not answer with TLS "
                    + "(plain HTTP on that port?)"), err);
        } else {
            assertEquals(ExitCodes.UNAVAILABLE, result.exit(), err);
            assertTrue(err.contains("the connection closed during the TLS handshake"), err);
            assertTrue(err.contains("is this the server's HTTPS port?"), err);
        }
    }

    @Test
    void aCaFileThatIsNoCertificateIsAUsageError() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");
        CliProcess.Result result = cli.run("status", "x.bin", "--server", server.httpsBaseUri().toString(),
                "--cacert", notPem.toString());
        assertEquals(ExitCodes.USAGE, result.exit(), result.err());
        assertTrue(result.err().contains("CA file " + notPem), result.err());
    }

    private void assertUntrusted(CliProcess.Result result) {
        assertEquals(ExitCodes.FAILED, result.exit(), result.err());
        String expected = "indexedcp: TLS: the certificate of " + server.httpsBaseUri() + " is not trusted (PKIX path "
                + "building failed); pass the CA that signed it with --cacert FILE";
        assertTrue(result.err().contains(expected), result.err());
        assertEquals(1, result.err().lines().filter(line -> line.startsWith("indexedcp: TLS:")).count(), result.err());
    }

    private Path source(int size) throws Exception {
        Path file = dir.resolve("tls-" + NAMES.incrementAndGet() + "-" + System.nanoTime() + ".bin");
        Files.write(file, RawUploads.randomBytes(size, size * 7L + 3));
        return file;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
