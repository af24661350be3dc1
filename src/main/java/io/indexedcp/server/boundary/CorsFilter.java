package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.server.config.ServerSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CORS for browser clients: every {@code OPTIONS} is answered 200 before matching or
 * authentication (a pre-flight carries no key), and every answer, errors included, carries the
 * CORS headers. Allowed origins come from {@code INDEXEDCP_CORS_ORIGINS} (default {@code *}).
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOW_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    static final String ALLOW_HEADERS = String.join(", ", List.of("Content-Type", "Authorization",
            ProtocolHeaders.FILE_NAME, ProtocolHeaders.FILE_NAME_EXT, ProtocolHeaders.CHUNK_INDEX, ProtocolHeaders.UPLOAD_ID,
            ProtocolHeaders.CONTENT_DIGEST));
    static final String EXPOSE_HEADERS = ProtocolHeaders.RETRY_AFTER;
    static final String VARY = "Vary";

    @Inject
    ServerSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            request.abortWith(Response.ok().build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headersFor(settings.corsOrigins(), request.getHeaderString("Origin")).forEach((name, value) -> {
            if (VARY.equals(name)) {
                headers.add(name, value);
            } else {
                headers.putSingle(name, value);
            }
        });
    }

    /**
     * The CORS headers of an answer to a request from {@code origin} (none when it is not allowed);
     * {@link #VARY} is to be added to the answer's own, the others set. Also used by {@link ChunkPostFilter}.
     */
    static Map<String, String> headersFor(List<String> allowedOrigins, String origin) {
        String allowedOrigin = allowedOrigin(allowedOrigins, origin);
        if (allowedOrigin == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", allowedOrigin);
        headers.put("Access-Control-Allow-Methods", ALLOW_METHODS);
        headers.put("Access-Control-Allow-Headers", ALLOW_HEADERS);
        headers.put("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        headers.put("Access-Control-Max-Age", "600");
        if (!"*".equals(allowedOrigin)) {
            headers.put(VARY, "Origin");
        }
        return headers;
    }

    /** {@code *}, the request's origin if it is listed, or null when it is not allowed. */
    private static String allowedOrigin(List<String> allowed, String origin) {
        if (allowed.contains("*")) {
            return "*";
        }
        return origin != null && allowed.contains(origin) ? origin : null;
    }
}
