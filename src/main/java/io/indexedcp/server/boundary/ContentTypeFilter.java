package io.indexedcp.server.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * A {@code Content-Type} that is not a media type ({@code ;;;///}, empty) makes Jersey give up
 * before any JAX-RS filter or mapper runs, with a bare 400. Checked here first, with the same
 * parser, so the client reads why. Any well-formed type passes: chunks are read as bytes whatever
 * they say, and the completion endpoint answers 415 for a type it does not take.
 */
@WebFilter(urlPatterns = "/*")
public class ContentTypeFilter extends HttpFilter {

    static final String NOT_A_MEDIA_TYPE = "Invalid Content-Type header: not a media type (type/subtype)";

    @Inject
    RefusalLog refusals;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !isMediaType(contentType)) {
            refusals.refused(request, 400, NOT_A_MEDIA_TYPE);
            ServletJson.writeError(response, 400, NOT_A_MEDIA_TYPE);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isMediaType(String value) {
        try {
            MediaType.valueOf(value);
            return !value.isBlank();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
