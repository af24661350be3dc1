package io.indexedcp.client.transfer;

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
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to the upload server, for chunk POSTs: a request with a
 * {@code Content-Length} body, an answer read whole (by its length, chunked, or to the connection's
 * end), and the connection kept for the next request when the server allows it. One request at a
 * time; see {@link ChunkPost} for why chunks do not go through {@code HttpURLConnection}.
 */
final class HttpConnection implements Closeable {

    /** An answer larger than this (a chunk's is a few hundred bytes of JSON) is cut here, and the connection closed. */
    static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final int MAX_HEADER_LINE = 16 * 1024;
    private static final int MAX_HEADER_LINES = 200;

    /** An answer: status, headers (names in lower case, the last of repeated ones), body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SocketChannel channel; // null over TLS
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String requestLineStart;
    private final String hostHeader;
    private boolean reusable = true;
    private long idleSinceNanos = System.nanoTime();

    private HttpConnection(SocketChannel channel, Socket socket, URI url) throws IOException {
        this.channel = channel;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        this.requestLineStart = " " + target + " HTTP/1.1\r\n";
        int port = url.getPort();
        this.hostHeader = url.getHost() + (port == -1 ? "" : ":" + port);
    }

    /**
     * Connects to {@code url}'s host: directly for {@code http}, through a TLS handshake with
     * {@code tls} for {@code https}, checking that the certificate names the host, as browsers and
     * the JDK's own HTTPS connections do.
     */
    static HttpConnection open(URI url, int connectTimeoutMillis, int readTimeoutMillis, SSLSocketFactory tls)
            throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String host = url.getHost();
        if (host == null) {
            throw new IOException("no host in " + url);
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SocketChannel channel = SocketChannel.open();
        try {
            Socket plain = channel.socket();
            plain.connect(new InetSocketAddress(bareHost, port), connectTimeoutMillis);
            plain.setTcpNoDelay(true);
            plain.setSoTimeout(readTimeoutMillis);
            if (!https) {
                return new HttpConnection(channel, plain, url);
            }
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, bareHost, port, true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.setSoTimeout(readTimeoutMillis);
            secure.startHandshake();
            return new HttpConnection(null, secure, url);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether the last answer left the connection open for another request, as far as it said. */
    boolean keptOpen() {
        return reusable;
    }

    /**
     * Whether this connection may carry another request: the server kept it open, it has been idle
     * for less than {@code maxIdleNanos}, and (without TLS, where the socket can be asked without
     * consuming anything) the server has not closed it since. A server closes an idle connection
     * after a time of its own (Grizzly 30 s, nginx 75 s, Apache httpd 5 s); a request sent on a
     * connection closed meanwhile would fail for no fault of the network.
     */
    boolean reusable(long maxIdleNanos) {
        if (!reusable || System.nanoTime() - idleSinceNanos > maxIdleNanos) {
            return false;
        }
        if (channel == null) {
            return true;
        }
        try {
            if (in.available() > 0) {
                return false; // bytes nobody asked for: not a connection to trust
            }
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0; // -1: closed by the server; 1: unasked-for bytes
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends {@code POST} with {@code headers} (wire-ready ASCII values) and {@code body}, and reads the whole answer. */
    Answer post(Map<String, String> headers, byte[] body) throws IOException {
        reusable = false; // until an answer has been read whole and allows it
        StringBuilder head = new StringBuilder(256).append("POST").append(requestLineStart)
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a line break in header " + name);
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        Answer answer = readAnswer();
        idleSinceNanos = System.nanoTime();
        return answer;
    }

    private Answer readAnswer() throws IOException {
        while (true) {
            String statusLine = readLine(true);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("no status code in: " + abbreviate(statusLine));
            }
            Map<String, String> headers = readHeaders();
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue): the real one follows
            }
            boolean keepAlive = parts[0].equals("HTTP/1.1")
                    ? !"close".equalsIgnoreCase(headers.get("connection"))
                    : "keep-alive".equalsIgnoreCase(headers.get("connection"));
            byte[] body = readBody(status, headers);
            reusable = keepAlive && reusable;
            return new Answer(status, headers, body);
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int lines = 0; ; lines++) {
            String line = readLine(false);
            if (line.isEmpty()) {
                return headers;
            }
            if (lines == MAX_HEADER_LINES) {
                throw new IOException("more than " + MAX_HEADER_LINES + " header lines in the answer");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
    }

    /** The body, by its framing (RFC 9112 §6.3); {@link #reusable} true only when its end was known. */
    private byte[] readBody(int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304) {
            reusable = true;
            return new byte[0];
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null) {
            if (!encoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                return readToEnd();
            }
            return readChunked();
        }
        String length = headers.get("content-length");
        if (length == null) {
            return readToEnd();
        }
        long size;
        try {
            size = Long.parseLong(length);
        } catch (NumberFormatException e) {
            throw new IOException("an unreadable Content-Length: " + abbreviate(length));
        }
        if (size < 0 || size > MAX_ANSWER_BYTES) {
            return readToEnd(); // cut at the cap; the connection is not used again
        }
        byte[] body = in.readNBytes((int) size);
        if (body.length < size) {
            throw new EOFException("the answer ended after " + body.length + " of " + size + " bytes");
        }
        reusable = true;
        return body;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("an unreadable chunk size in the answer: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                readHeaders(); // trailers, if any, and the blank line
                reusable = true;
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MAX_ANSWER_BYTES) {
                throw new IOException("an answer over " + MAX_ANSWER_BYTES + " bytes");
            }
            byte[] piece = in.readNBytes((int) size);
            if (piece.length < size) {
                throw new EOFException("the answer ended inside a chunk");
            }
            body.write(piece);
            if (!readLine(false).isEmpty()) {
                throw new IOException("no line end after a chunk of the answer");
            }
        }
    }

    /** A body without a length ends when the server closes the connection; at most {@link #MAX_ANSWER_BYTES} of it. */
    private byte[] readToEnd() throws IOException {
        reusable = false;
        return in.readNBytes(MAX_ANSWER_BYTES);
    }

    /** A line without its CRLF (or bare LF); an end of stream before the first byte of an answer says so. */
    private String readLine(boolean answerStart) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException(answerStart && line.length() == 0
                        ? "the server closed the connection without answering"
                        : "the answer ended in the middle of a line");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_HEADER_LINE) {
                throw new IOException("a line of the answer longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }
}
