package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.server.config.Configuration;
import io.indexedcp.server.control.RateLimitedException;
import io.indexedcp.server.control.RequestLimits;
import io.indexedcp.server.identity.Authenticator;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /metrics} wants an admin's key or token (the API key of {@code INDEXEDCP_API_KEY} is one),
 * unless {@code INDEXEDCP_METRICS_PUBLIC=true}: the counts and names there tell an outsider what is
 * uploaded and when, and an uploader sees only its own uploads elsewhere. Payara Micro adds its
 * metrics servlet to the web module at context root {@code /}, which is this WAR, so a filter of
 * this WAR guards it (a servlet filter, since that servlet is outside JAX-RS). Every method wants
 * the key, {@code OPTIONS} too: MicroProfile Metrics answers it with the metrics' metadata. On a
 * server without MicroProfile Metrics nothing answers {@code /metrics}; the filter then only turns
 * a keyless request's 404 into a 401. Its 401s count as failed authentications of the address
 * ({@link RequestLimits}), and a throttled address gets 429 here too.
 */
@WebFilter(urlPatterns = {"/metrics", "/metrics/*"})
public class MetricsAccessFilter extends HttpFilter {

    static final String PUBLIC = "INDEXEDCP_METRICS_PUBLIC";

    boolean metricsPublic;

    @Inject
    Authenticator authenticator;

    @Inject
    UploadMetrics metrics;

    @Inject
    RefusalLog refusals;

    @Inject
    RequestLimits limits;

    @Override
    public void init() {
        metricsPublic = Configuration.flag(PUBLIC, false);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (metricsPublic) {
            chain.doFilter(request, response);
            return;
        }
        try {
            limits.checkAddress(request.getRemoteAddr());
        } catch (RateLimitedException throttled) {
            metrics.refused(UploadMetrics.reasonOf(throttled.getClass()));
            refusals.refused(request, throttled.status(), throttled.getMessage());
            response.setHeader(ProtocolHeaders.RETRY_AFTER, throttled.retryAfterSeconds().toString());
            ServletJson.writeError(response, throttled.status(), throttled.getMessage());
            return;
        }
        if (authenticator.authenticate(ApiKeyFilter.bearerToken(request.getHeader("Authorization")))
                .filter(caller -> caller.role().seesEveryone()).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        limits.failedAuthentication(request.getRemoteAddr());
        metrics.refused(ApiKeyFilter.UNAUTHORIZED_REASON);
        refusals.refused(request, HttpServletResponse.SC_UNAUTHORIZED, ApiKeyFilter.INVALID_KEY);
        ServletJson.writeError(response, HttpServletResponse.SC_UNAUTHORIZED, ApiKeyFilter.INVALID_KEY);
    }
}
