package io.indexedcp.server.boundary;

import io.indexedcp.server.config.ApiKey;
import io.indexedcp.server.config.TransportSecurity;
import io.indexedcp.server.control.StartupRecovery;
import io.indexedcp.server.control.TrackingFileGuard;
import io.indexedcp.server.control.ExpiryJob;
import io.indexedcp.server.entity.TrackingRepository;
import io.indexedcp.server.storage.DiskChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** At deployment: create the output directory, bring files back to their records after a crash, say where things are. */
@ApplicationScoped
public class ServerStartup {

    private static final Logger LOG = Logger.getLogger(ServerStartup.class.getName());

    @Inject
    ApiKey apiKey;

    @Inject
    DiskChunkStorage storage;

    @Inject
    StartupRecovery recovery;

    @Inject
    TrackingFileGuard trackingFile;

    @Inject
    TrackingRepository tracking;

    @Inject
    ExpiryJob expiry;

    @Inject
    TransportSecurity transport;

    private volatile boolean started;

    /** Whether start-up (recovery included) is done: until then the application is not ready. */
    boolean isStarted() {
        return started;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.info(() -> "IndexedCP output directory: " + storage.outputDirectory());
        tracking.migrateSchema();
        trackingFile.remember();
        int unfinished = recovery.recover();
        LOG.info(() -> unfinished + " unfinished upload(s) checked against their records");
        expiry.start();
        started = true;
        LOG.info(StartupBanner.text(ListeningSockets.ofThisProcess(), transport.httpsPort(), storage.outputDirectory(),
                apiKey.origin()));
    }
}
