package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one shape of every error answer: {@code {"error": "..."}} as JSON. */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static Response of(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(message))
                .build();
    }

    /** The message of an error answer: its {@code {"error": ...}}, or the status's reason phrase when it has none. */
    static String messageOf(Object entity, Response.StatusType status) {
        return entity instanceof ErrorBody error ? error.error() : status.getReasonPhrase();
    }
}
