package io.indexedcp.server.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until start-up, recovery included, is done. Payara answers health before it routes the
 * application's own requests; this check tells "starting" from "started but unable to write"
 * ({@link TrackingHealthCheck}), e.g. for a server restarted on a full disk.
 */
@Readiness
@ApplicationScoped
public class StartedHealthCheck implements HealthCheck {

    static final String NAME = "indexedcp-started";

    @Inject
    ServerStartup startup;

    @Override
    public HealthCheckResponse call() {
        return HealthResponses.of(NAME, startup.isStarted());
    }
}
