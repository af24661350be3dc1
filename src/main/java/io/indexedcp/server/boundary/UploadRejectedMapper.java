package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.server.control.UploadRejectedException;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused request: its own status and message. */
@Provider
public class UploadRejectedMapper implements ExceptionMapper<UploadRejectedException> {

    @Inject
    UploadMetrics metrics;

    @Override
    public Response toResponse(UploadRejectedException e) {
        metrics.refused(UploadMetrics.reasonOf(e.getClass()));
        return answer(e);
    }

    /** The answer to a refusal: its status, its {@code {"error": ...}}, its {@code Retry-After} if any. */
    static Response answer(UploadRejectedException e) {
        Response answer = ErrorResponses.of(e.status(), e.getMessage());
        if (e.retryAfterSeconds() != null) {
            answer.getHeaders().putSingle(ProtocolHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return answer;
    }
}
