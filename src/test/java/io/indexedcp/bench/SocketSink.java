package io.indexedcp.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A bare HTTP/1.1 sink on loopback inside the benchmark JVM: reads each request's headers,
 * skips Content-Length bytes and answers {@code 200 {}}. It costs next to nothing per byte, so
 * what the load generator reaches against it is the generator's own ceiling (plus loopback).
 */
final class SocketSink implements AutoCloseable {

    private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;

    SocketSink() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "sink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        byte[] buffer = new byte[256 * 1024];
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            StringBuilder line = new StringBuilder();
            while (true) {
                long length = 0;
                boolean first = true;
                while (true) {
                    line.setLength(0);
                    int b;
                    while ((b = in.read()) != '\n') {
                        if (b < 0) {
                            return;
                        }
                        if (b != '\r') {
                            line.append((char) b);
                        }
                    }
                    if (line.length() == 0) {
                        if (first) {
                            continue;
                        }
                        break;
                    }
                    first = false;
                    String header = line.toString().toLowerCase(Locale.ROOT);
                    if (header.startsWith("content-length:")) {
                        length = Long.parseLong(header.substring(15).trim());
                    }
                }
                while (length > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
                    if (n < 0) {
                        return;
                    }
                    length -= n;
                }
                out.write(ANSWER);
                out.flush();
            }
        } catch (IOException gone) {
            // connection closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
