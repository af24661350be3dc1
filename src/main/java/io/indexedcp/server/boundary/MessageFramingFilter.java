package io.indexedcp.server.boundary;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses, before anything reads the body, every request whose body framing or coding the
 * container would not decode for us. Grizzly decodes exactly two framings: {@code Content-Length}
 * and a single {@code chunked} on HTTP/1.1. With any other {@code Transfer-Encoding}
 * ({@code gzip, chunked}, {@code foo}, {@code chunked} twice) or {@code chunked} on HTTP/1.0, it
 * hands the application an empty body and leaves the real bytes on the connection, so a chunk
 * would be acknowledged with 0 bytes stored. A {@code Content-Encoding} is never decoded, so a
 * compressed chunk would be stored compressed. The refusal closes the connection: the unread body
 * must not be parsed as the next request.
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class MessageFramingFilter implements ContainerRequestFilter {

    static final String TRANSFER_ENCODING = "Transfer-Encoding";
    static final String CONNECTION = "Connection";
    static final String CLOSE = "close";
    private static final String CHUNKED = "chunked";
    private static final String IDENTITY = "identity";

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        Refusal refusal = refusal(request.getHeaders().get(TRANSFER_ENCODING),
                request.getHeaders().get(HttpHeaders.CONTENT_ENCODING), servletRequest.getProtocol());
        if (refusal != null) {
            Response answer = ErrorResponses.of(refusal.status(), refusal.message());
            answer.getHeaders().putSingle(CONNECTION, CLOSE);
            request.abortWith(answer);
        }
    }

    /**
     * Why a request with these header lines cannot be read as it was sent (an answer that closes
     * the connection), or null when it can. Also asked by {@link ChunkPostFilter}.
     */
    static Refusal refusal(List<String> transferEncodingLines, List<String> contentEncodingLines, String protocol) {
        List<String> transferCodings = codings(transferEncodingLines);
        if (!transferCodings.isEmpty()) {
            if (transferCodings.size() != 1 || !CHUNKED.equals(transferCodings.get(0))) {
                return new Refusal(400, "Unsupported Transfer-Encoding: " + String.join(", ", transferCodings)
                        + " (only chunked, or a Content-Length)", true);
            }
            if (!"HTTP/1.1".equals(protocol)) {
                return new Refusal(400, "Transfer-Encoding: chunked needs HTTP/1.1, not " + protocol, true);
            }
        }
        List<String> contentCodings = codings(contentEncodingLines);
        contentCodings.removeIf(IDENTITY::equals);
        if (!contentCodings.isEmpty()) {
            return new Refusal(415, "Unsupported Content-Encoding: " + String.join(", ", contentCodings)
                    + " (send the bytes unencoded)", true);
        }
        return null;
    }

    /** The codings of every line of the header, lower case (coding names are case-insensitive), empty ones dropped. */
    private static List<String> codings(List<String> headerLines) {
        List<String> codings = new ArrayList<>();
        if (headerLines != null) {
            for (String line : headerLines) {
                for (String coding : line.split(",")) {
                    String name = coding.strip().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty()) {
                        codings.add(name);
                    }
                }
            }
        }
        return codings;
    }
}
