package io.indexedcp.server.boundary;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code GET /health/ready} where the server has no MicroProfile Health (registered by
 * {@link HealthFallback}): runs the application's readiness checks and answers as MicroProfile
 * Health does, {@code 200 {"status":"UP","checks":[{"name":…,"status":"UP"},…]}}, or {@code 503}
 * with {@code "DOWN"} when any check is down. No key needed, nothing but names and states.
 */
public class ReadinessServlet extends HttpServlet {

    @Inject
    @Readiness
    Instance<HealthCheck> checks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = true;
        JsonArrayBuilder answers = Json.createArrayBuilder();
        for (HealthCheck check : checks) {
            HealthCheckResponse answer = check.call();
            up &= answer.getStatus() == HealthCheckResponse.Status.UP;
            answers.add(Json.createObjectBuilder().add("name", answer.getName()).add("status", answer.getStatus().name()));
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.createObjectBuilder().add("status", up ? "UP" : "DOWN")
                .add("checks", answers).build().toString());
    }
}
