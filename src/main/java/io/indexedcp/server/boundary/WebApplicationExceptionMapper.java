package io.indexedcp.server.boundary;

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
        String message = ErrorResponses.messageOf(original.getEntity(), status);
        Response.ResponseBuilder answer = Response.fromResponse(ErrorResponses.of(status.getStatusCode(), message));
        original.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("Retry-After")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }
}
