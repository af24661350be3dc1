package io.indexedcp.server.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** What JAX-RS itself refuses (unknown path, wrong method, ...) keeps its status but answers JSON, not HTML. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        Response.ResponseBuilder answer = Response.fromResponse(ErrorResponses.of(status.getStatusCode(),
                status.getReasonPhrase()));
        original.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("Retry-After")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }
}
