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
import java.util.List;

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
        String allowedOrigin = allowedOrigin(request.getHeaderString("Origin"));
        if (allowedOrigin == null) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", allowedOrigin);
        headers.putSingle("Access-Control-Allow-Methods", ALLOW_METHODS);
        headers.putSingle("Access-Control-Allow-Headers", ALLOW_HEADERS);
        headers.putSingle("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        headers.putSingle("Access-Control-Max-Age", "600");
        if (!"*".equals(allowedOrigin)) {
            headers.add("Vary", "Origin");
        }
    }

    /** {@code *}, the request's origin if it is listed, or null when it is not allowed. */
    private String allowedOrigin(String origin) {
        List<String> allowed = settings.corsOrigins();
        if (allowed.contains("*")) {
            return "*";
        }
        return origin != null && allowed.contains(origin) ? origin : null;
    }
}
