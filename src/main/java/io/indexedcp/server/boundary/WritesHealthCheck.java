package io.indexedcp.server.boundary;

import io.indexedcp.server.control.StorageFaults;
import io.indexedcp.server.control.TrackingFileGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while writes cannot succeed: the output volume is full, or the tracking file was
 * deleted or replaced under the server. A load balancer then sends uploads elsewhere; the answer
 * carries no detail (the log has it), since anyone may ask.
 */
@Readiness
@ApplicationScoped
public class WritesHealthCheck implements HealthCheck {

    @Inject
    TrackingFileGuard trackingFile;

    @Inject
    StorageFaults faults;

    @Override
    public HealthCheckResponse call() {
        boolean writable = trackingFile.problem().isEmpty() && !faults.nearlyFull();
        return HealthCheckResponse.named("indexedcp-writes").status(writable).build();
    }
}
