package io.indexedcp.server.boundary;

import io.indexedcp.server.control.RateLimitedException;
import io.indexedcp.server.control.RequestLimits;
import io.indexedcp.server.identity.Caller;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * The caller's request rate ({@code INDEXEDCP_RATE_LIMIT}, {@link RequestLimits}) on every
 * authenticated JAX-RS endpoint, right after {@link ApiKeyFilter} named the caller: over it, 429
 * with {@code Retry-After}. The chunk POST asks the same in {@link ChunkPostFilter}.
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION + 1)
public class RateLimitFilter implements ContainerRequestFilter {

    @Inject
    RequestCaller caller;

    @Inject
    RequestLimits limits;

    @Inject
    UploadMetrics metrics;

    @Override
    public void filter(ContainerRequestContext request) {
        Caller authenticated = caller.find();
        if (authenticated == null) {
            return; // refused by ApiKeyFilter already
        }
        try {
            limits.checkRate(authenticated.name());
        } catch (RateLimitedException limited) {
            metrics.refused(UploadMetrics.reasonOf(limited.getClass()));
            request.abortWith(UploadRejectedMapper.answer(limited));
        }
    }
}
