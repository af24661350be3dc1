package io.indexedcp.server.boundary;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;

/**
 * The browser uploader beside the API at the context root. With the JAX-RS application mapped to
 * {@code /}, the container's default servlet never sees a request, so the page and a fixed,
 * whitelisted set of assets are served from the webapp here, portably (no Jersey-specific
 * configuration). Literal paths such as {@code /upload} have more literal characters than
 * {@code /} and keep precedence. No API key: the page holds no secret; every call it makes to the
 * API carries the key the user enters.
 */
@Path("/")
public class StaticPageResource {

    /** Assets under {@code src/main/webapp/app/}: lower-case names, one dot, known types only. */
    static final String ASSET_NAME = "[a-z][a-z0-9-]{0,63}\\.(?:js|css|svg)";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private static final String HTML = "text/html; charset=utf-8";

    @Context
    ServletContext servletContext;

    @GET
    public Response page() {
        return serve("/index.html", HTML);
    }

    @GET
    @Path("index.html")
    public Response indexHtml() {
        return page();
    }

    @GET
    @Path("app/{file: " + ASSET_NAME + "}")
    public Response asset(@PathParam("file") String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        return serve("/app/" + file, CONTENT_TYPES.get(extension));
    }

    private Response serve(String webappPath, String contentType) {
        InputStream content = servletContext.getResourceAsStream(webappPath);
        if (content == null) {
            throw new NotFoundException();
        }
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        return Response.ok(content, contentType).cacheControl(revalidate).build();
    }
}
