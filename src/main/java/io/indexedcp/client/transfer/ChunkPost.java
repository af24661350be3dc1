package io.indexedcp.client.transfer;

import io.indexedcp.client.transfer.HttpConnection.Answer;
import io.indexedcp.protocol.ChunkReceipt;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.glassfish.jersey.client.ClientProperties;

/**
 * The chunk's {@code POST /upload}, sent on kept-alive HTTP/1.1 connections of its own
 * ({@link HttpConnection}) instead of through the JAX-RS client. The chunk POST is the one request
 * made thousands of times per file, and what the JAX-RS client does around it cost as much as the
 * bytes (issue 13's profiles of a 1 GiB upload over one connection):
 * <ul>
 * <li>Jersey's own work per request (request scope, providers, header maps, and the JIT compiling
 * all of it): 1.2 s of CPU, and a share of the JIT's 1.7 s;</li>
 * <li>the JDK's {@code HttpURLConnection} underneath, before each streamed POST on a kept-alive
 * connection, checks that the connection is still open by reading from it with a 1 ms time-out:
 * at least 1 ms of waiting per chunk, ~1 s of a ~8.5 s upload. Handing it the body whole instead
 * avoids that check, but then the JDK sends the POST again by itself when the connection fails,
 * behind the retry policy's back.</li>
 * </ul>
 * Every other request stays on the JAX-RS client, and everything that decides where and how a
 * chunk goes comes from that client's configuration, so the two cannot drift: its timeouts and its
 * {@code SSLContext} (the trust anchors of {@code --cacert}/{@code --truststore}; the certificate
 * must name the host). When the JDK's proxy settings route the upload URL through a proxy, chunks
 * go through {@code HttpURLConnection} as the JAX-RS client sends them, streamed.
 *
 * <p>A failure of any kind is the retry policy's to handle: a chunk is sent exactly once per call.
 * A connection is reused only while the server is known to keep it: idle for at most two seconds
 * (below the keep-alive time-outs of common servers) and, without TLS, not closed by the server
 * meanwhile. Thread-safe; {@link #close} closes the idle connections.
 */
final class ChunkPost implements AutoCloseable {

    /** Idle connections kept at most: one per chunk in flight is what a client uses. */
    private static final int MAX_IDLE = 16;
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final URI uploadUrl;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final SSLSocketFactory tls;
    /** The proxy the JDK's settings route the upload URL through; null for none. */
    private final Proxy proxy;
    private final Deque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ChunkPost(Client client, URI uploadUrl) {
        this(client, uploadUrl, ProxySelector.getDefault());
    }

    /** With {@code proxies} in place of the JDK's default proxy selector (tests). */
    ChunkPost(Client client, URI uploadUrl, ProxySelector proxies) {
        this.uploadUrl = uploadUrl;
        this.connectTimeoutMillis = millis(client.getConfiguration().getProperty(ClientProperties.CONNECT_TIMEOUT));
        this.readTimeoutMillis = millis(client.getConfiguration().getProperty(ClientProperties.READ_TIMEOUT));
        // One factory for every connection: HttpURLConnection reuses a TLS connection only for the same factory.
        this.tls = "https".equalsIgnoreCase(uploadUrl.getScheme()) ? client.getSslContext().getSocketFactory() : null;
        this.proxy = proxy(proxies, uploadUrl);
    }

    private static Proxy proxy(ProxySelector proxies, URI url) {
        if (proxies == null) {
            return null;
        }
        try {
            List<Proxy> route = proxies.select(url);
            return route == null || route.isEmpty() || route.get(0).type() == Proxy.Type.DIRECT ? null : route.get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int millis(Object property) {
        return property instanceof Number n ? n.intValue() : 0;
    }

    /** Sends {@code body} with {@code headers} (values in their wire form, ASCII) and reads the answer. */
    Outcome<ChunkReceipt> send(Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
        all.put(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        all.putAll(headers);
        Answer answer;
        try {
            answer = proxy != null ? throughProxy(all, body) : onKeptConnection(all, body);
        } catch (IOException e) {
            return UploadEndpoint.notAnswered(e, uploadUrl);
        }
        String text = answer.text();
        return UploadEndpoint.answered(answer.status(), answer.header(HttpHeaders.RETRY_AFTER),
                () -> ProtocolJson.chunkReceipt(text), () -> UploadEndpoint.serverError(text),
                AnswerClassifier::isRetryableForChunk, uploadUrl);
    }

    private Answer onKeptConnection(Map<String, String> headers, byte[] body) throws IOException {
        HttpConnection connection = reusedOrNew();
        Answer answer;
        try {
            answer = connection.post(headers, body);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        if (!closed && connection.keptOpen() && idle.size() < MAX_IDLE) {
            idle.offerFirst(connection);
            if (closed && idle.remove(connection)) { // closed meanwhile: nobody else will close it
                connection.close();
            }
        } else {
            connection.close();
        }
        return answer;
    }

    private HttpConnection reusedOrNew() throws IOException {
        for (HttpConnection kept; (kept = idle.pollFirst()) != null; ) {
            if (kept.reusable(MAX_IDLE_NANOS)) {
                return kept;
            }
            kept.close();
        }
        return HttpConnection.open(uploadUrl, connectTimeoutMillis, readTimeoutMillis, tls);
    }

    /** As the JAX-RS client sends a request: on {@code HttpURLConnection}, streamed, through {@link #proxy}. */
    private Answer throughProxy(Map<String, String> headers, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uploadUrl.toURL().openConnection(proxy);
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        headers.forEach(connection::setRequestProperty);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        // Read to its end and closed, so that the JDK can keep the connection; a 4xx or 5xx body is in the error stream.
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] text = new byte[0];
        if (in != null) {
            try (in) {
                text = in.readNBytes(HttpConnection.MAX_ANSWER_BYTES);
            }
        }
        String retryAfter = connection.getHeaderField(HttpHeaders.RETRY_AFTER);
        return new Answer(status, retryAfter == null ? Map.of()
                : Map.of(HttpHeaders.RETRY_AFTER.toLowerCase(Locale.ROOT), retryAfter), text);
    }


    @Override
    public void close() {
        closed = true;
        for (HttpConnection kept; (kept = idle.pollFirst()) != null; ) {
            kept.close();
        }
    }
}
