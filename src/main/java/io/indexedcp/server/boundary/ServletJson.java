package io.indexedcp.server.boundary;

import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code {"error": ...}} written straight to a servlet response, for answers given outside JAX-RS. */
final class ServletJson {

    /** Looked up once: {@code JsonProvider.provider()} searches the class path on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ServletJson() {
    }

    static void writeError(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = JSON.createObjectBuilder().add("error", message).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
