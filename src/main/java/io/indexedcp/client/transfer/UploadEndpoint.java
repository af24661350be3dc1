package io.indexedcp.client.transfer;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.protocol.ProtocolPaths;
import io.indexedcp.protocol.UploadStatus;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One upload server, addressed by its upload URL ({@code http://host:port/upload}) as users of the
 * seed client know it; the status URL is derived from it. Every call answers with an
 * {@link Outcome} and never throws for anything the network or the server does.
 */
public final class UploadEndpoint {

    private final Client client;
    private final URI uploadUrl;
    private final URI statusUrl;
    private final String authorization;

    public UploadEndpoint(Client client, URI uploadUrl, String apiKey) {
        this.client = client;
        this.uploadUrl = uploadUrl;
        this.statusUrl = statusUrl(uploadUrl);
        this.authorization = ProtocolHeaders.BEARER_PREFIX + (apiKey == null ? "" : apiKey);
    }

    public URI uploadUrl() {
        return uploadUrl;
    }

    /** {@code http://h/upload} → {@code http://h/upload/status}; a trailing slash is tolerated. */
    public static URI statusUrl(URI uploadUrl) {
        String base = uploadUrl.toString();
        int query = base.indexOf('?');
        if (query >= 0) {
            base = base.substring(0, query);
        }
        return URI.create((base.endsWith("/") ? base : base + "/") + ProtocolPaths.STATUS);
    }

    /** {@code clientName} goes into {@code X-File-Name} as given, like the Python client sends it. */
    public Outcome<ChunkReceipt> sendChunk(String clientName, int chunkIndex, byte[] data) {
        Invocation.Builder request = client.target(uploadUrl).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .header(ProtocolHeaders.FILE_NAME, clientName)
                .header(ProtocolHeaders.CHUNK_INDEX, Integer.toString(chunkIndex))
                // The connector needs the length up front to stream the body instead of buffering it.
                .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(data.length));
        return call(uploadUrl, () -> request.post(Entity.entity(data, MediaType.APPLICATION_OCTET_STREAM_TYPE)),
                response -> ProtocolJson.chunkReceipt(response.readEntity(String.class)));
    }

    /** The chunks the server holds of {@code name} (a base name), URL-encoded into the query. */
    public Outcome<UploadStatus> status(String name) {
        URI url = URI.create(statusUrl + "?" + ProtocolPaths.FILENAME_PARAM + "="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
        Invocation.Builder request = client.target(url).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, authorization);
        return call(statusUrl, request::get, response -> ProtocolJson.uploadStatus(response.readEntity(String.class)));
    }

    private interface Send {
        Response send();
    }

    private static <T> Outcome<T> call(URI url, Send send, Function<Response, T> reader) {
        Response response;
        try {
            response = send.send();
        } catch (ProcessingException e) {
            return Outcome.retryable(describe(e), Optional.empty());
        }
        try (response) {
            int status = response.getStatus();
            if (status >= 200 && status < 300) {
                try {
                    return Outcome.success(reader.apply(response));
                } catch (ProcessingException | jakarta.json.JsonException | IllegalStateException | ArithmeticException e) {
                    // A success whose body did not arrive whole is no success: the chunk may not be stored.
                    return Outcome.retryable("unreadable answer: " + describe(e), Optional.empty());
                }
            }
            if (AnswerClassifier.isRetryable(status)) {
                return Outcome.retryable("HTTP " + status,
                        AnswerClassifier.parseRetryAfter(response.getHeaderString(HttpHeaders.RETRY_AFTER), Instant.now()));
            }
            return Outcome.fatal(status, AnswerClassifier.fatalMessage(status, url.toString(), serverError(response)));
        } catch (ProcessingException e) {
            return Outcome.retryable(describe(e), Optional.empty());
        }
    }

    /** The {@code error} of a JSON error body, else the start of whatever text came. */
    private static String serverError(Response response) {
        if (!response.hasEntity()) {
            return null;
        }
        String text;
        try {
            text = response.readEntity(String.class);
        } catch (ProcessingException | IllegalStateException e) {
            return null;
        }
        String error = ProtocolJson.error(text);
        if (error != null) {
            return error;
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
