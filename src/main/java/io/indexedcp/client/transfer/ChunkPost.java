package io.indexedcp.client.transfer;

import io.indexedcp.protocol.ChunkReceipt;
import jakarta.json.JsonException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.glassfish.jersey.client.ClientProperties;

/**
 * The chunk's {@code POST /upload}, sent on the JDK's {@code HttpURLConnection} itself rather than
 * through the JAX-RS client, which sends it on the same connection class underneath. Why: the
 * chunk POST is the one request made thousands of times per file, and Jersey's work around it
 * (request scope, providers, header maps, and the JIT compiling all of that) took as much client
 * CPU as the SHA-256 of the bytes (issue 13's CPU profile of a 1 GiB upload: 1.2 s in Jersey,
 * and a share of the JIT's 1.7 s). Every other request stays on the JAX-RS client.
 *
 * <p>Everything that decides where and how the request goes comes from the JAX-RS client's own
 * configuration, so the two cannot drift: its timeouts and its {@code SSLContext} (the trust anchors
 * of {@code --cacert}/{@code --truststore}; the JDK's host name check stays on); no redirects, like
 * it. Idle connections are kept alive and shared through the JDK's connection cache; one SSL socket
 * factory for all requests lets TLS connections be reused too. Thread-safe.
 *
 * <p>Unlike the JAX-RS client, the body is handed to the JDK whole rather than streamed
 * ({@code setFixedLengthStreamingMode}), at the price of one copy of the chunk: before each
 * streamed POST on a kept-alive connection the JDK checks that the connection is still open by
 * reading from it with a 1 ms time-out, and so waited at least 1 ms per chunk (a 1 GiB upload over
 * one connection: ~1 s of its ~8.5 s). A POST the JDK holds whole it may send again, once, when a
 * kept-alive connection turns out to be closed; for a chunk that is harmless, since the server
 * answers a chunk it already holds without writing it twice.
 */
final class ChunkPost {

    private final URL uploadUrl;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final SSLSocketFactory sslSocketFactory;

    ChunkPost(Client client, URI uploadUrl) {
        try {
            this.uploadUrl = uploadUrl.toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL the JDK can open: " + uploadUrl, e);
        }
        this.connectTimeoutMillis = millis(client.getConfiguration().getProperty(ClientProperties.CONNECT_TIMEOUT));
        this.readTimeoutMillis = millis(client.getConfiguration().getProperty(ClientProperties.READ_TIMEOUT));
        this.sslSocketFactory = "https".equalsIgnoreCase(uploadUrl.getScheme())
                ? client.getSslContext().getSocketFactory() : null;
    }

    private static int millis(Object property) {
        return property instanceof Number n ? n.intValue() : 0;
    }

    /** Sends {@code body} with {@code headers} (values already in their wire form) and reads the answer. */
    Outcome<ChunkReceipt> send(Map<String, String> headers, byte[] body) {
        HttpURLConnection connection;
        int status;
        try {
            connection = (HttpURLConnection) uploadUrl.openConnection();
            if (connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sslSocketFactory);
            }
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
            connection.setRequestProperty(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
            headers.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            status = connection.getResponseCode();
        } catch (IOException e) {
            TlsFailures.permanent(e, URI.create(uploadUrl.toString())).ifPresent(tls -> {
                throw tls;
            });
            return Outcome.retryable(TlsFailures.transientReason(e).orElseGet(() -> UploadEndpoint.describe(e)),
                    Optional.empty());
        }
        String answer;
        try {
            answer = readAnswer(connection, status);
        } catch (IOException e) {
            // A success whose body did not arrive whole is no success: the chunk may not be stored.
            return Outcome.retryable("unreadable answer: " + UploadEndpoint.describe(e), Optional.empty());
        }
        if (status >= 200 && status < 300) {
            try {
                return Outcome.success(ProtocolJson.chunkReceipt(answer));
            } catch (JsonException | IllegalStateException | ArithmeticException e) {
                return Outcome.retryable("unreadable answer: " + UploadEndpoint.describe(e), Optional.empty());
            }
        }
        if (AnswerClassifier.isRetryableForChunk(status)) {
            return Outcome.retryable("HTTP " + status, AnswerClassifier.parseRetryAfter(
                    connection.getHeaderField(HttpHeaders.RETRY_AFTER), Instant.now()));
        }
        return Outcome.fatal(status, AnswerClassifier.fatalMessage(status, uploadUrl.toString(),
                UploadEndpoint.serverError(answer)));
    }

    /**
     * The whole answer, read to its end and closed, so that the JDK can keep the connection for the
     * next request; the error stream is where the JDK puts the body of a 4xx or 5xx.
     */
    private static String readAnswer(HttpURLConnection connection, int status) throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
