package io.indexedcp.server.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Browser hardening on every answer of the application, the page, its assets, the JSON of the API
 * and its errors alike: no MIME sniffing, no referrer, and a Content-Security-Policy that lets a
 * document run only the scripts and styles served here (no inline code), talk only to this origin
 * and never be framed.
 */
@Provider
public class SecurityHeadersFilter implements ContainerResponseFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** Every one of them, set on every answer; also by {@link ChunkPostFilter}. */
    static final Map<String, String> HEADERS = headers();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        HEADERS.forEach(headers::putSingle);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Frame-Options", "DENY");
        return Collections.unmodifiableMap(headers);
    }
}
