package io.indexedcp.server.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON written straight to a servlet response, for answers given outside JAX-RS: errors as {@code {"error": ...}}. */
final class ServletJson {

    /** Looked up once: {@code JsonProvider.provider()} searches the class path on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ServletJson() {
    }

    static JsonObjectBuilder object() {
        return JSON.createObjectBuilder();
    }

    /** Replaces whatever was buffered for the answer. */
    static void writeError(HttpServletResponse response, int status, String message) throws IOException {
        response.resetBuffer();
        response.setHeader("X-Content-Type-Options", "nosniff");
        write(response, status, object().add("error", message).build());
    }

    static void write(HttpServletResponse response, int status, JsonObject json) throws IOException {
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
