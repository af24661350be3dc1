package io.indexedcp.server.boundary;

import io.indexedcp.server.control.StorageFaults;
import io.indexedcp.server.control.TrackingFileGuard;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.storage.DiskChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means this application answers and writes can succeed: its tracking database answers, the
 * tracking file is the one it opened and writable ({@link TrackingFileGuard}), the output directory
 * is writable and its volume not full ({@link StorageFaults#nearlyFull}) — Payara alone being up says
 * nothing (it stays up even when the deployment failed). A load balancer then sends uploads elsewhere.
 *
 * <p>{@code /health} answers anyone, without the key: it says up or down and nothing else. No
 * upload count, no exception text (which can name paths and SQL); why it is down goes to the log.
 */
@Readiness
@ApplicationScoped
public class TrackingHealthCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(TrackingHealthCheck.class.getName());
    static final String NAME = "indexedcp";

    @Inject
    TrackingRepository tracking;

    @Inject
    DiskChunkStorage storage;

    @Inject
    TrackingFileGuard trackingFile;

    @Inject
    StorageFaults faults;

    @Override
    public HealthCheckResponse call() {
        try {
            tracking.countUploads(); // a query through the tracking database, its answer is no one's business
            Optional<String> problem = trackingFile.problem();
            if (problem.isEmpty() && !Files.isWritable(storage.outputDirectory())) {
                problem = Optional.of("the output directory " + storage.outputDirectory() + " is not writable");
            }
            if (problem.isEmpty() && faults.nearlyFull()) {
                problem = Optional.of("the output volume is full");
            }
            problem.ifPresent(reason -> LOG.warning(() -> "Not ready: " + reason));
            return HealthResponses.of(NAME, problem.isEmpty());
        } catch (RuntimeException e) {
            // Also seen while the application is still deploying (probes come early): one line, the trace at FINE.
            LOG.warning(() -> "Not ready: the tracking database failed: " + e);
            LOG.log(Level.FINE, "Tracking database failure", e);
            return HealthResponses.of(NAME, false);
        }
    }
}
