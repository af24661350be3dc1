package io.indexedcp.server.boundary;

import io.indexedcp.protocol.CallerInfo;
import io.indexedcp.protocol.ProtocolPaths;
import io.indexedcp.server.identity.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /me}: the caller's principal and role, for the page to say who you are and what you may do. */
@Path(ProtocolPaths.ME)
@RequestScoped
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {

    @Inject
    RequestCaller caller;

    @GET
    public CallerInfo me() {
        Caller who = caller.get();
        return new CallerInfo(who.name(), who.role().wireName());
    }
}
