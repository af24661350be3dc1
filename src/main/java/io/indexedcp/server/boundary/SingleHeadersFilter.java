package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ProtocolHeaders;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.function.Function;

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
        String duplicated = duplicated(request.getHeaders()::get);
        if (duplicated != null) {
            request.abortWith(ErrorResponses.of(400, duplicated));
        }
    }

    /** The refusal's message when one of {@link #SINGLE} came more than once, else null; {@code lines} gives a header's lines. */
    static String duplicated(Function<String, List<String>> lines) {
        for (String name : SINGLE) {
            List<String> sent = lines.apply(name);
            if (sent != null && sent.size() > 1) {
                return "Duplicate " + name + " header: send it once";
            }
        }
        return null;
    }
}
