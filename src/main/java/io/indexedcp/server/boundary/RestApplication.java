package io.indexedcp.server.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The API lives at the context root, so that {@code http://host:port/upload} works as the existing clients expect. */
@ApplicationPath("/")
public class RestApplication extends Application {
}
