package io.indexedcp.client.transfer;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CancelReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.protocol.FileNameHeader;
import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.protocol.ProtocolPaths;
import io.indexedcp.protocol.UploadList;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * One upload server, addressed by its upload URL ({@code http://host:port/upload}) as users of the
 * seed client know it, or by its base URL (see {@link ServerUrls}); the status, completion, cancel
 * and listing URLs are derived from it. Every call
 * answers with an {@link Outcome} and never throws for anything the network or the server does, but
 * for a TLS handshake that no retry can mend ({@link io.indexedcp.client.TlsException}: an untrusted
 * certificate, see {@link TlsFailures}).
 * Thread-safe: the JAX-RS client is shared and each call builds its own request; chunks go out
 * through {@link ChunkPost}, configured from the same client, on connections of their own that
 * {@link #close} closes (the JAX-RS client stays open: it is the caller's).
 */
public final class UploadEndpoint implements AutoCloseable {

    private final Client client;
    private final URI uploadUrl;
    private final URI statusUrl;
    private final URI completeUrl;
    private final URI uploadsUrl;
    private final String authorization;
    private final ChunkPost chunkPost;

    /** Chunks go out as {@link ChunkPost} with {@code client}'s timeouts and TLS settings, the rest through {@code client}. */
    public UploadEndpoint(Client client, URI serverUrl, String apiKey) {
        URI uploadUrl = ServerUrls.uploadUrl(serverUrl);
        this.client = client;
        this.uploadUrl = uploadUrl;
        this.chunkPost = new ChunkPost(client, uploadUrl);
        this.statusUrl = statusUrl(uploadUrl);
        this.completeUrl = URI.create(withSlash(uploadUrl) + ProtocolPaths.COMPLETE);
        this.uploadsUrl = uploadsUrl(uploadUrl);
        this.authorization = ProtocolHeaders.BEARER_PREFIX + (apiKey == null ? "" : apiKey);
    }

    /** {@code http://h/upload} → {@code http://h/upload/status}; a trailing slash is tolerated. */
    public static URI statusUrl(URI uploadUrl) {
        return URI.create(withSlash(uploadUrl) + ProtocolPaths.STATUS);
    }

    /** {@code http://h/upload} → {@code http://h/uploads}: the listing is a sibling of the upload path. */
    public static URI uploadsUrl(URI uploadUrl) {
        String base = withoutQuery(uploadUrl);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        int slash = base.lastIndexOf('/');
        String parent = slash > base.indexOf("//") + 1 ? base.substring(0, slash + 1) : base + "/";
        return URI.create(parent + ProtocolPaths.UPLOADS);
    }

    private static String withoutQuery(URI url) {
        String base = url.toString();
        int query = base.indexOf('?');
        return query >= 0 ? base.substring(0, query) : base;
    }

    private static String withSlash(URI url) {
        String base = withoutQuery(url);
        return base.endsWith("/") ? base : base + "/";
    }

    /** A plain chunk: no upload id, no digest. */
    public Outcome<ChunkReceipt> sendChunk(String clientName, int chunkIndex, byte[] data) {
        return sendChunk(clientName, chunkIndex, data, null, null);
    }

    /**
     * {@code clientName} goes into {@code X-File-Name} as given, like the Python client sends it, when
     * it is printable ASCII; any other name goes percent-encoded in {@code X-File-Name*}, which the
     * server prefers, and as the same ASCII text in {@code X-File-Name} for a server that does not
     * know {@code X-File-Name*} (see {@link FileNameHeader}). {@code uploadId} and {@code contentDigest}
     * (protocol v2) are sent when not null. A {@code 422} (the body did not match its digest) is retryable.
     */
    public Outcome<ChunkReceipt> sendChunk(String clientName, int chunkIndex, byte[] data, String uploadId,
            String contentDigest) {
        boolean plain = FileNameHeader.isPlain(clientName);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.AUTHORIZATION, authorization);
        headers.put(ProtocolHeaders.FILE_NAME, plain ? clientName : FileNameHeader.percentEncode(clientName));
        headers.put(ProtocolHeaders.CHUNK_INDEX, Integer.toString(chunkIndex));
        if (!plain) {
            headers.put(ProtocolHeaders.FILE_NAME_EXT, FileNameHeader.encode(clientName));
        }
        if (uploadId != null) {
            headers.put(ProtocolHeaders.UPLOAD_ID, uploadId);
        }
        if (contentDigest != null) {
            headers.put(ProtocolHeaders.CONTENT_DIGEST, contentDigest);
        }
        return chunkPost.send(headers, data);
    }

    /** The chunks the server holds of {@code name} (a base name), URL-encoded into the query. */
    public Outcome<UploadStatus> status(String name) {
        return status(name, null);
    }

    /** Status of the upload {@code uploadId} of {@code name} (protocol v2); plain when the id is null. */
    public Outcome<UploadStatus> status(String name, String uploadId) {
        URI url = URI.create(statusUrl + "?" + nameQuery(name, uploadId));
        Invocation.Builder request = client.target(url).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, authorization);
        return call(statusUrl, request::get, response -> ProtocolJson.uploadStatus(response.readEntity(String.class)),
                AnswerClassifier::isRetryable);
    }

    /**
     * {@code DELETE /upload?filename=NAME[&uploadId=ID]} (protocol v2): the server drops the upload's
     * chunks and tracking. A {@code 404} (no such upload) comes back as a fatal outcome for the caller
     * to interpret; a {@code 409} (being renamed into place at this moment) is retried.
     */
    public Outcome<CancelReceipt> cancel(String name, String uploadId) {
        URI url = URI.create(withoutQuery(uploadUrl) + "?" + nameQuery(name, uploadId));
        Invocation.Builder request = client.target(url).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, authorization);
        return call(uploadUrl, request::delete, response -> ProtocolJson.cancelReceipt(response.readEntity(String.class)),
                status -> status == 409 || AnswerClassifier.isRetryable(status));
    }

    /**
     * {@code filename=…[&uploadId=…]}, each value percent-encoded as UTF-8 with a space as {@code %20}
     * ({@code URLEncoder} writes {@code +}, which some servers read as a plus): a name with {@code &},
     * {@code +}, {@code %}, {@code #} or any non-ASCII character reaches the server as it is.
     */
    static String nameQuery(String name, String uploadId) {
        String query = ProtocolPaths.FILENAME_PARAM + "=" + queryValue(name);
        if (uploadId != null) {
            query += "&" + ProtocolPaths.UPLOAD_ID_PARAM + "=" + queryValue(uploadId);
        }
        return query;
    }

    private static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * {@code POST /upload/complete} (protocol v2). {@code 404}/{@code 405} (an old server without
     * completion, or an unknown upload), {@code 409} and {@code 422} come back as fatal outcomes
     * for the caller to interpret.
     */
    public Outcome<CompletionReceipt> complete(CompletionRequest body) {
        String json = ProtocolJson.completionRequest(body);
        Invocation.Builder request = client.target(completeUrl).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, authorization);
        return call(completeUrl, () -> request.post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE)),
                response -> ProtocolJson.completionReceipt(response.readEntity(String.class)),
                AnswerClassifier::isRetryable);
    }

    /** {@code GET /uploads} (protocol v2): what the server holds, most recently active first. */
    public Outcome<UploadList> uploads() {
        return uploads(null);
    }

    /**
     * {@code GET /uploads?filename=NAME} (protocol v2): the uploads stored under {@code name}'s base
     * name only; all uploads when {@code name} is null.
     */
    public Outcome<UploadList> uploads(String name) {
        URI url = name == null ? uploadsUrl : URI.create(uploadsUrl + "?" + nameQuery(name, null));
        Invocation.Builder request = client.target(url).request(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.AUTHORIZATION, authorization);
        return call(uploadsUrl, request::get, response -> ProtocolJson.uploadList(response.readEntity(String.class)),
                AnswerClassifier::isRetryable);
    }

    private interface Send {
        Response send();
    }

    private static <T> Outcome<T> call(URI url, Send send, Function<Response, T> reader, IntPredicate retryable) {
        Response response;
        try {
            response = send.send();
        } catch (ProcessingException e) {
            return notAnswered(e, url);
        }
        try (response) {
            return answered(response.getStatus(), response.getHeaderString(HttpHeaders.RETRY_AFTER),
                    () -> reader.apply(response), () -> serverError(response), retryable, url);
        } catch (ProcessingException e) {
            return Outcome.retryable(describe(e), Optional.empty());
        }
    }

    /**
     * A request that got no answer: a TLS handshake no retry can mend is thrown as a
     * {@link io.indexedcp.client.TlsException}; anything else is worth another try.
     */
    static <T> Outcome<T> notAnswered(Exception failure, URI url) {
        TlsFailures.permanent(failure, url).ifPresent(tls -> {
            throw tls;
        });
        return Outcome.retryable(TlsFailures.transientReason(failure).orElseGet(() -> describe(failure)),
                Optional.empty());
    }

    /**
     * What an answer with {@code status} comes to: a 2xx is a success if {@code body} can be read,
     * {@code retryable} statuses are tried again after the server's {@code Retry-After} if it gave
     * one, and the rest is fatal with the server's own reason ({@code error}).
     */
    static <T> Outcome<T> answered(int status, String retryAfter, Supplier<T> body, Supplier<String> error,
            IntPredicate retryable, URI url) {
        if (status >= 200 && status < 300) {
            try {
                return Outcome.success(body.get());
            } catch (ProcessingException | jakarta.json.JsonException | IllegalStateException | ArithmeticException e) {
                // A success whose body did not arrive whole is no success: the chunk may not be stored.
                return Outcome.retryable("unreadable answer: " + describe(e), Optional.empty());
            }
        }
        if (retryable.test(status)) {
            return Outcome.retryable("HTTP " + status, AnswerClassifier.parseRetryAfter(retryAfter, Instant.now()));
        }
        return Outcome.fatal(status, AnswerClassifier.fatalMessage(status, url.toString(), error.get()));
    }

    /** The {@code error} of a JSON error body, else the start of whatever text came. */
    private static String serverError(Response response) {
        if (!response.hasEntity()) {
            return null;
        }
        try {
            return serverError(response.readEntity(String.class));
        } catch (ProcessingException | IllegalStateException e) {
            return null;
        }
    }

    /** Closes the connections kept for chunks. */
    @Override
    public void close() {
        chunkPost.close();
    }

    /** As {@link #serverError(Response)}, from the answer's text; null for none. */
    static String serverError(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String error = ProtocolJson.error(text);
        if (error != null) {
            return error;
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
