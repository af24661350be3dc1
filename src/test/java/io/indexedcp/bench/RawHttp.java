package io.indexedcp.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The load generator's HTTP/1.1 client: one keep-alive socket, request bodies streamed from one
 * reused buffer (nothing is allocated per chunk but the small header string), answers read in
 * full (Content-Length or chunked). Deliberately minimal so that it is cheap per request and its
 * own ceiling can be measured against the discard endpoint and a raw socket sink.
 */
final class RawHttp implements Closeable {

    record Answer(int status, String body) {
    }

    /**
     * Head and body go through one 256 KiB buffer in 64 KiB pieces, so the head and the start of the
     * body leave in one write and large bodies in 256 KiB writes. (A first version wrote the head
     * alone, then 64 KiB or 1 MiB straight from the payload, with fixed socket buffer sizes: 64 KiB
     * requests to /discard ran at ~100/s; this way they run at several hundred to ~1,000/s here.)
     */
    private static final int WRITE_BUFFER = 256 * 1024;
    private static final int PIECE = 64 * 1024;

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final ByteArrayOutputStream bodyBuffer = new ByteArrayOutputStream(1024);
    private final StringBuilder line = new StringBuilder(128);
    private final byte[] block = new byte[64 * 1024];

    RawHttp(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(120_000);
        out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /**
     * POSTs {@code length} bytes taken from {@code body} (repeated from its start when longer than
     * the buffer) with the given extra header lines (each ending in CRLF).
     */
    Answer post(String path, String extraHeaders, byte[] body, long length) throws IOException {
        if (socket == null) {
            connect();
        }
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n" + extraHeaders + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(left, PIECE);
            int from = (int) ((length - left) % body.length);
            n = Math.min(n, body.length - from);
            out.write(body, from, n);
            left -= n;
        }
        out.flush();
        return readAnswer();
    }

    Answer get(String path, String extraHeaders) throws IOException {
        return withoutBody("GET", path, extraHeaders);
    }

    Answer delete(String path, String extraHeaders) throws IOException {
        return withoutBody("DELETE", path, extraHeaders);
    }

    private Answer withoutBody(String method, String path, String extraHeaders) throws IOException {
        if (socket == null) {
            connect();
        }
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + extraHeaders + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readAnswer();
    }

    private Answer readAnswer() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        String header;
        while (!(header = readLine()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        bodyBuffer.reset();
        if (chunked) {
            while (true) {
                String sizeLine = readLine();
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(size);
                readLine();
            }
        } else if (contentLength > 0) {
            copy(contentLength);
        } else if (contentLength < 0 && close) {
            in.transferTo(bodyBuffer);
        }
        String body = bodyBuffer.toString(StandardCharsets.UTF_8);
        if (close) {
            close();
        }
        return new Answer(status, body);
    }

    /** Reads {@code n} body bytes in blocks: byte by byte, a 600 KB status answer cost the generator milliseconds. */
    private void copy(long n) throws IOException {
        while (n > 0) {
            int read = in.read(block, 0, (int) Math.min(block.length, n));
            if (read < 0) {
                throw new EOFException("answer body cut short");
            }
            bodyBuffer.write(block, 0, read);
            n -= read;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
