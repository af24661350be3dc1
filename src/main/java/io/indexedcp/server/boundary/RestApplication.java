package io.indexedcp.server.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The API lives at the context root, so that {@code http://host:port/upload} works as the existing clients expect. */
@ApplicationPath("/")
public class RestApplication extends Application {

    /**
     * No WADL at {@code /application.wadl}: every answer of the application is JSON or the browser
     * page, and the API is described by {@code /openapi}.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
