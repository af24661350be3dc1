package io.indexedcp.client.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.protocol.ChunkReceipt;
import jakarta.ws.rs.client.Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chunk POSTs against a socket server that answers with scripted bytes: the framings of an answer
 * HTTP/1.1 allows, connections kept, closed and cut, and the JDK's proxy settings.
 */
@Timeout(30)
class ChunkPostTest {

    private static final String RECEIPT = "{\"message\":\"Chunk received\",\"actualFilename\":\"x\",\"chunkIndex\":0,\"clientFilename\":\"x\"}";

    /** What to do after reading a request: write these bytes, then close the connection if told to. */
    record Script(String answer, boolean closeAfter) {
    }

    private ServerSocket server;
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    /** Each request's first line and the index of the connection it came on. */
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** The index of each connection the scripted server has closed. */
    private final BlockingQueue<Integer> closedByServer = new LinkedBlockingQueue<>();
    private Client client;
    private ChunkPost post;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
        client = RestClients.create(Duration.ofSeconds(5), Duration.ofSeconds(5));
        post = new ChunkPost(client, uploadUrl(), null);
    }

    @AfterEach
    void stop() throws IOException {
        post.close();
        client.close();
        server.close();
    }

    private URI uploadUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/upload");
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                Thread serving = new Thread(() -> serve(socket, number), "connection-" + number);
                serving.setDaemon(true);
                serving.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                requests.add(number + " " + head.substring(0, head.indexOf("\r\n")));
                Script script = scripts.poll(10, TimeUnit.SECONDS);
                out.write(script.answer().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (script.closeAfter()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException ended) {
            // the client went away, or the test ended
        } finally {
            closedByServer.add(number);
        }
    }

    /** The request's head up to its blank line; null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    private static String ok(String framingHeaders, String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + framingHeaders + "\r\n" + body;
    }

    private static String withLength(String body) {
        return ok("Content-Length: " + body.length() + "\r\n", body);
    }

    private Outcome<ChunkReceipt> send() {
        return post.send(Map.of("X-File-Name", "x", "X-Chunk-Index", "0"), "bytes".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aChunkedAnswerIsReadWholeAndItsConnectionKept() throws Exception {
        String chunked = Integer.toHexString(20) + "\r\n" + RECEIPT.substring(0, 20) + "\r\n"
                + Integer.toHexString(RECEIPT.length() - 20) + ";ext=1\r\n" + RECEIPT.substring(20) + "\r\n0\r\n\r\n";
        scripts.add(new Script(ok("Transfer-Encoding: chunked\r\n", chunked), false));
        scripts.add(new Script(withLength(RECEIPT), false));

        Outcome.Success<?> first = assertInstanceOf(Outcome.Success.class, send());
        assertEquals("x", ((ChunkReceipt) first.value()).actualFilename());
        assertInstanceOf(Outcome.Success.class, send());

        assertEquals(List.of("1 POST /upload HTTP/1.1", "1 POST /upload HTTP/1.1"), List.of(requests.take(), requests.take()));
    }

    @Test
    void aConnectionTheServerClosesIsNotUsedAgainAndNoRetryIsSpent() throws Exception {
        scripts.add(new Script(ok("Content-Length: " + RECEIPT.length() + "\r\nConnection: close\r\n", RECEIPT), true));
        scripts.add(new Script(withLength(RECEIPT), true)); // closed without saying so, as an idle time-out does
        scripts.add(new Script(withLength(RECEIPT), false));

        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Outcome.Success.class, send(), "request " + i);
            if (i == 1) {
                awaitClosedByServer();
            }
        }

        assertEquals(List.of("1", "2", "3"), List.of(requests.take().split(" ")[0], requests.take().split(" ")[0],
                requests.take().split(" ")[0]));
    }

    /** The scripted server closed the second connection (after its answer): wait for it, boundedly. */
    private void awaitClosedByServer() throws InterruptedException {
        assertEquals(1, closedByServer.poll(10, TimeUnit.SECONDS));
        assertEquals(2, closedByServer.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void anAnswerWithoutALengthEndsWithItsConnection() throws Exception {
        scripts.add(new Script(ok("", RECEIPT), true));
        scripts.add(new Script(withLength(RECEIPT), false));

        assertInstanceOf(Outcome.Success.class, send());
        assertInstanceOf(Outcome.Success.class, send());

        assertEquals(2, connections.get(), "the first connection could not be reused");
    }

    @Test
    void anAnswerCutShortIsRetryableAndItsConnectionDropped() throws Exception {
        scripts.add(new Script(ok("Content-Length: 500\r\n", RECEIPT), true));
        scripts.add(new Script(withLength(RECEIPT), false));

        Outcome.Retryable<?> cut = assertInstanceOf(Outcome.Retryable.class, send());
        assertTrue(cut.reason().contains("ended after"), cut.reason());
        assertInstanceOf(Outcome.Success.class, send());
        assertEquals(2, connections.get());
    }

    @Test
    void aRefusalsBodyIsReadSoTheConnectionIsKept() throws Exception {
        String refusal = "{\"error\":\"Invalid or missing API key\"}";
        scripts.add(new Script("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 Unauthorized\r\nContent-Length: "
                + refusal.length() + "\r\n\r\n" + refusal, false));
        scripts.add(new Script(withLength(RECEIPT), false));

        Outcome.Fatal<?> fatal = assertInstanceOf(Outcome.Fatal.class, send());
        assertEquals(401, fatal.status());
        assertTrue(fatal.message().contains("Invalid or missing API key"), fatal.message());
        assertInstanceOf(Outcome.Success.class, send());
        assertEquals(1, connections.get());
    }

    @Test
    void withAProxyInTheJdksSettingsChunksGoThroughIt() throws Exception {
        ProxySelector proxies = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.getLocalPort())));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        };
        URI elsewhere = URI.create("http://upload.invalid:8080/upload");
        try (ChunkPost proxied = new ChunkPost(client, elsewhere, proxies)) {
            scripts.add(new Script(withLength(RECEIPT), false));

            assertInstanceOf(Outcome.Success.class,
                    proxied.send(Map.of("X-File-Name", "x"), "bytes".getBytes(StandardCharsets.US_ASCII)));
        }

        assertEquals("1 POST http://upload.invalid:8080/upload HTTP/1.1", requests.take(), "the proxy was asked for the URL");
    }
}
