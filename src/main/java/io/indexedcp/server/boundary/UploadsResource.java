package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ProtocolPaths;
import io.indexedcp.protocol.UploadList;
import io.indexedcp.server.control.UploadService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /uploads} (protocol v2): what the server holds, for operators and the CLI's {@code ls --server}. */
@Path(ProtocolPaths.UPLOADS)
@RequestScoped
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public class UploadsResource {

    @Inject
    UploadService uploads;

    @Inject
    RequestCaller caller;

    /** The caller's uploads; an admin's listing holds everyone's unless it names an {@code owner}. */
    @GET
    public UploadList list(@QueryParam(ProtocolPaths.FILENAME_PARAM) String fileName,
            @QueryParam(ProtocolPaths.OWNER_PARAM) String owner) {
        return new UploadList(uploads.list(OwnerAccess.listingOwner(caller.get(), owner), fileName));
    }
}
