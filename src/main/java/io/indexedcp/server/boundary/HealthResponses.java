package io.indexedcp.server.boundary;

import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A check's answer, made with the constructor rather than {@code HealthCheckResponse.named(…)}:
 * the builder needs the server's MicroProfile Health implementation, which a plain Jakarta EE
 * server lacks, and there {@link ReadinessServlet} calls the checks itself.
 */
final class HealthResponses {

    private HealthResponses() {
    }

    static HealthCheckResponse of(String name, boolean up) {
        return new HealthCheckResponse(name, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.empty());
    }
}
