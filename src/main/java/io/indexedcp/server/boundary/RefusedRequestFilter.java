package io.indexedcp.server.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Every refusal of the API, wherever it was decided (a filter's abort, a mapper, a body reader), is
 * seen here once, on its way out. A 500 is not a refusal: {@link UnexpectedExceptionMapper} logs it.
 */
@Provider
public class RefusedRequestFilter implements ContainerResponseFilter {

    @Inject
    RefusalLog refusals;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || status == 500) {
            return;
        }
        refusals.refused(servletRequest, status, ErrorResponses.messageOf(response.getEntity(), response.getStatusInfo()));
    }
}
