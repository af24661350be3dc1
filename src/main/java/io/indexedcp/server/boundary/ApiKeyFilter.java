package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ErrorBody;
import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.server.config.ApiKey;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** {@code Authorization: Bearer <key>} or 401, before a single byte of the body is read. */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    static final String INVALID_KEY = "Invalid or missing API key";

    @Inject
    ApiKey apiKey;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith(ProtocolHeaders.BEARER_PREFIX)
                ? header.substring(ProtocolHeaders.BEARER_PREFIX.length())
                : null;
        if (!apiKey.matches(presented)) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(INVALID_KEY))
                    .build());
        }
    }
}
