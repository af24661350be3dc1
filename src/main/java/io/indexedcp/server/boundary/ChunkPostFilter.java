package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.protocol.ProtocolPaths;
import io.indexedcp.server.identity.Authenticator;
import io.indexedcp.server.identity.Caller;
import io.indexedcp.server.config.ServerSettings;
import io.indexedcp.server.control.RequestLimits;
import io.indexedcp.server.control.UploadRejectedException;
import io.indexedcp.server.control.UploadService;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * {@code POST /upload}, the chunk, answered here as a plain servlet request: it is the one request a
 * client sends thousands of times, and JAX-RS (matching, injection, providers, the container's
 * per-request tracing and monitoring) cost about as much CPU per chunk as storing it. Every other
 * method on {@code /upload} ({@code OPTIONS} pre-flights, {@code DELETE} to cancel) and every other
 * path passes on to JAX-RS ({@link UploadResource}).
 *
 * <p>It answers exactly as the JAX-RS path does, with the same rules in the same order (but one:
 * an address throttled for its failed authentications, {@link RequestLimits}, is refused here
 * before anything else, so that it costs no authentication work): Content-Type
 * ({@link ContentTypeFilter}), message framing ({@link MessageFramingFilter}), the API key
 * ({@link ApiKeyFilter}), the caller's rate ({@link RateLimitFilter}), single protocol headers
 * ({@link SingleHeadersFilter}), the file
 * name ({@link ExtendedFileName}, {@link DirectoryNameGuard}), then {@link UploadService#receive};
 * every answer carries the CORS ({@link CorsFilter}) and security ({@link SecurityHeadersFilter})
 * headers, a refusal counts in {@link UploadMetrics} and goes to {@link RefusalLog} as
 * {@link UploadRejectedMapper} and {@link RefusedRequestFilter} do, an unforeseen failure is a logged
 * 500 ({@link UnexpectedExceptionMapper}).
 */
@WebFilter(urlPatterns = "/" + ProtocolPaths.UPLOAD)
public class ChunkPostFilter extends HttpFilter {

    @Inject
    UploadService uploads;

    @Inject
    DirectoryNameGuard directories;

    @Inject
    Authenticator authenticator;

    @Inject
    RequestCaller requestCaller;

    @Inject
    ServerSettings settings;

    @Inject
    UploadMetrics metrics;

    @Inject
    RefusalLog refusals;

    @Inject
    RequestLimits limits;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        SecurityHeadersFilter.HEADERS.forEach(response::setHeader);
        CorsFilter.headersFor(settings.corsOrigins(), request.getHeader("Origin")).forEach(response::addHeader);
        try {
            limits.checkAddress(request.getRemoteAddr()); // a throttled address is not even authenticated
            Caller caller = authenticator.authenticate(
                    ApiKeyFilter.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION))).orElse(null);
            if (caller != null) {
                requestCaller.set(caller); // for the audit's lines about this request
            }
            Refusal refusal = refusal(request, caller);
            if (refusal != null) {
                if (refusal.closeConnection()) {
                    response.setHeader(MessageFramingFilter.CONNECTION, MessageFramingFilter.CLOSE);
                }
                refuse(request, response, refusal.status(), refusal.message(), null);
                return;
            }
            String name = ExtendedFileName.choose(request.getHeader(ProtocolHeaders.FILE_NAME),
                    request.getHeader(ProtocolHeaders.FILE_NAME_EXT));
            OwnerAccess.requireWrite(caller);
            directories.refuseDirectory(caller.name(), name);
            ChunkReceipt receipt = uploads.receive(caller.name(), new UploadService.ChunkHeaders(name,
                    request.getHeader(ProtocolHeaders.CHUNK_INDEX), request.getHeader(ProtocolHeaders.UPLOAD_ID),
                    request.getHeader(ProtocolHeaders.CONTENT_DIGEST), request.getContentLengthLong()),
                    request.getInputStream());
            ServletJson.write(response, 200, receiptJson(receipt).build());
        } catch (UploadRejectedException rejected) {
            metrics.refused(UploadMetrics.reasonOf(rejected.getClass()));
            refuse(request, response, rejected.status(), rejected.getMessage(), rejected.retryAfterSeconds());
        } catch (WebApplicationException refused) {
            Response answer = refused.getResponse();
            Object retryAfter = answer.getHeaders().getFirst(ProtocolHeaders.RETRY_AFTER);
            refuse(request, response, answer.getStatus(),
                    ErrorResponses.messageOf(answer.getEntity(), answer.getStatusInfo()), retryAfter);
        } catch (RuntimeException | IOException unexpected) {
            ServletJson.writeError(response, 500, UnexpectedExceptionMapper.logged(unexpected));
        }
    }

    /**
     * What the filters of the JAX-RS path refuse before the resource runs, in their order; null when
     * nothing. The rate limit throws its refusal, which carries a {@code Retry-After}.
     */
    private Refusal refusal(HttpServletRequest request, Caller caller) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !ContentTypeFilter.isMediaType(contentType)) {
            return new Refusal(400, ContentTypeFilter.NOT_A_MEDIA_TYPE);
        }
        Refusal framing = MessageFramingFilter.refusal(lines(request, MessageFramingFilter.TRANSFER_ENCODING),
                lines(request, HttpHeaders.CONTENT_ENCODING), request.getProtocol());
        if (framing != null) {
            return framing;
        }
        if (caller == null) {
            metrics.refused(ApiKeyFilter.UNAUTHORIZED_REASON);
            limits.failedAuthentication(request.getRemoteAddr());
            return new Refusal(401, ApiKeyFilter.INVALID_KEY);
        }
        limits.checkRate(caller.name()); // throws: a 429 with Retry-After
        String duplicated = SingleHeadersFilter.duplicated(name -> lines(request, name));
        return duplicated == null ? null : new Refusal(400, duplicated);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message,
            Object retryAfter) throws IOException {
        refusals.refused(request, status, message);
        if (retryAfter != null) {
            response.setHeader(ProtocolHeaders.RETRY_AFTER, retryAfter.toString());
        }
        ServletJson.writeError(response, status, message);
    }

    /** Every line of a header, or null when it was not sent (as JAX-RS gives them). */
    private static List<String> lines(HttpServletRequest request, String name) {
        List<String> lines = Collections.list(request.getHeaders(name));
        return lines.isEmpty() ? null : lines;
    }

    /** The receipt as JSON-B writes it for the JAX-RS path: in its {@code @JsonbPropertyOrder}, nulls left out. */
    static JsonObjectBuilder receiptJson(ChunkReceipt receipt) {
        JsonObjectBuilder json = ServletJson.object()
                .add("message", receipt.message())
                .add("actualFilename", receipt.actualFilename())
                .add("chunkIndex", receipt.chunkIndex());
        if (receipt.clientFilename() != null) {
            json.add("clientFilename", receipt.clientFilename());
        }
        if (receipt.alreadyReceived() != null) {
            json.add("alreadyReceived", receipt.alreadyReceived());
        }
        return json;
    }
}
