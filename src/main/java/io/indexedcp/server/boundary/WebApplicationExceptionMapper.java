package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ErrorBody;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What JAX-RS itself refuses (unknown path, wrong method, ...) keeps its status but answers JSON,
 * not HTML. An exception of our own that already carries a JSON error (a body reader's refusal)
 * keeps its message.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String message = original.getEntity() instanceof ErrorBody error ? error.error() : status.getReasonPhrase();
        Response.ResponseBuilder answer = Response.fromResponse(ErrorResponses.of(status.getStatusCode(), message));
        original.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("Retry-After")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }
}
