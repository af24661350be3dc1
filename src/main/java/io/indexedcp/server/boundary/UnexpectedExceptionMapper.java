package io.indexedcp.server.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failure nobody foresaw: logged with an id, answered 500 with that id and no internals. Every
 * request that ends here is a bug to fix, not an answer to keep.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        return ErrorResponses.of(500, logged(e));
    }

    /** Logs {@code e} under a new id and returns the message of its 500 answer; also used by {@link ChunkPostFilter}. */
    static String logged(Throwable e) {
        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure " + id, e);
        return "Internal server error (" + id + ")";
    }
}
