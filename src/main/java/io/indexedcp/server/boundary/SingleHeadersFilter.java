package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ProtocolHeaders;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * The protocol's own headers name one file, one chunk, one upload: sent twice they are refused
 * with 400, not silently read as the first (a {@code @HeaderParam} would take the first line).
 * Runs after authentication, so that a caller without the key learns nothing from it.
 */
@Provider
@Priority(Priorities.HEADER_DECORATOR)
public class SingleHeadersFilter implements ContainerRequestFilter {

    static final List<String> SINGLE = List.of(ProtocolHeaders.FILE_NAME, ProtocolHeaders.FILE_NAME_EXT, ProtocolHeaders.CHUNK_INDEX,
            ProtocolHeaders.UPLOAD_ID);

    @Override
    public void filter(ContainerRequestContext request) {
        for (String name : SINGLE) {
            List<String> lines = request.getHeaders().get(name);
            if (lines != null && lines.size() > 1) {
                request.abortWith(ErrorResponses.of(400, "Duplicate " + name + " header: send it once"));
                return;
            }
        }
    }
}
