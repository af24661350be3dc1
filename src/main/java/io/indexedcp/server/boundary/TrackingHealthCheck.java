package io.indexedcp.server.boundary;

import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.storage.DiskChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means this application answers and its tracking database and output directory work —
 * Payara alone being up says nothing (it stays up even when the deployment failed).
 */
@Readiness
@ApplicationScoped
public class TrackingHealthCheck implements HealthCheck {

    @Inject
    TrackingRepository tracking;

    @Inject
    DiskChunkStorage storage;

    @Override
    public HealthCheckResponse call() {
        try {
            long uploads = tracking.countUploads();
            boolean writable = Files.isWritable(storage.outputDirectory());
            return HealthCheckResponse.named("indexedcp")
                    .status(writable)
                    .withData("uploads", uploads)
                    .withData("outputDirectoryWritable", writable)
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("indexedcp")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
