package io.indexedcp.server.boundary;

import io.indexedcp.server.config.TransportSecurity;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code INDEXEDCP_HTTP=redirect}: a request that came over plain HTTP is not served but answered
 * {@code 308 Permanent Redirect} to the same path on the HTTPS port, so a browser or a bookmark moves
 * to HTTPS while nothing is uploaded in clear. 308, not 302: a client that follows it repeats the same
 * method and body. Declared first in {@code web.xml}, so it runs before every other filter.
 * Grizzly's own {@code http-redirect} protocol would do this below the application, but Payara Micro
 * 6 fails to start with one (a monitoring probe it lacks for such a listener).
 */
public class HttpsRedirectFilter extends HttpFilter {

    @Inject
    TransportSecurity transport;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure() || !transport.redirectsHttp()) {
            chain.doFilter(request, response);
            return;
        }
        String location = location(request, transport.httpsPort().getAsInt());
        response.setHeader("Location", location);
        ServletJson.writeError(response, 308, "this server takes HTTPS only: use " + location);
    }

    /** The same host (as the client named it), path and query (both as sent, still encoded), on the HTTPS port. */
    static String location(HttpServletRequest request, int httpsPort) {
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String query = request.getQueryString();
        return "https://" + host + ":" + httpsPort + request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
