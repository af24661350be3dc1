package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ErrorBody;
import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.server.control.RateLimitedException;
import io.indexedcp.server.control.RequestLimits;
import io.indexedcp.server.identity.Authenticator;
import io.indexedcp.server.identity.Caller;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code Authorization: Bearer <key or token>} naming a caller ({@link Authenticator}), or 401,
 * before a single byte of the body is read; the caller goes to {@link RequestCaller}. The scheme
 * is matched in any case ({@code bearer}, {@code BEARER}): RFC 9110 makes it case-insensitive.
 * An address that failed too often lately ({@link RequestLimits}) gets 429 with {@code Retry-After}
 * instead, whatever it sends, and its credential is not even looked at; each 401 counts for it.
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    static final String INVALID_KEY = "Invalid or missing API key";
    static final String UNAUTHORIZED_REASON = "unauthorized";
    private static final String BEARER = ProtocolHeaders.BEARER_PREFIX.strip();

    @Inject
    Authenticator authenticator;

    @Inject
    RequestCaller caller;

    @Inject
    UploadMetrics metrics;

    @Inject
    RequestLimits limits;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String address = servletRequest.getRemoteAddr();
        try {
            limits.checkAddress(address);
        } catch (RateLimitedException throttled) {
            metrics.refused(UploadMetrics.reasonOf(throttled.getClass()));
            request.abortWith(UploadRejectedMapper.answer(throttled));
            return;
        }
        Caller authenticated = authenticator.authenticate(bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION)))
                .orElse(null);
        if (authenticated != null) {
            caller.set(authenticated);
        } else {
            metrics.refused(UNAUTHORIZED_REASON);
            limits.failedAuthentication(address);
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(INVALID_KEY))
                    .build());
        }
    }

    /** The token after the {@code Bearer} scheme and its space(s), or null for any other header. */
    static String bearerToken(String header) {
        if (header == null || header.length() < BEARER.length() + 1
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.charAt(BEARER.length()) != ' ') {
            return null;
        }
        return header.substring(BEARER.length()).stripLeading();
    }
}
