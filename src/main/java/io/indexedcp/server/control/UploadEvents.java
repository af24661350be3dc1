package io.indexedcp.server.control;

import io.indexedcp.server.events.UploadCancelled;
import io.indexedcp.server.events.UploadCompleted;
import io.indexedcp.server.events.UploadExpired;
import io.indexedcp.server.events.UploadStarted;
import io.indexedcp.server.entity.TrackingRepository.UploadIdentity;
import io.indexedcp.server.entity.Upload;
import io.indexedcp.server.metrics.UploadMetrics;
import io.indexedcp.server.storage.DiskChunkStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the services report once an upload's fate is committed: the metric, then the CDI event (see
 * {@link io.indexedcp.server.events}). Called only after the transaction returned, so an observer
 * never hears of something a rollback undid; an observer that fails is logged, never the client's
 * problem (the upload is committed by then).
 */
@ApplicationScoped
class UploadEvents {

    private static final Logger LOG = Logger.getLogger(UploadEvents.class.getName());

    @Inject
    Event<Object> events;

    @Inject
    UploadMetrics metrics;

    @Inject
    DiskChunkStorage storage;

    void started(UploadIdentity identity) {
        fire(new UploadStarted(StoredNames.shown(identity.fileName()), identity.clientUploadId(), identity.owner()));
    }

    void completed(UploadTransactions.Published published) {
        metrics.uploadCompleted();
        fire(new UploadCompleted(StoredNames.shown(published.fileName()), published.clientUploadId(),
                StoredNames.ownerOf(published.fileName()), published.totalSize(),
                published.sha256(), pathOf(published.fileName())));
    }

    void cancelled(Upload upload) {
        metrics.uploadCancelled();
        fire(new UploadCancelled(StoredNames.shown(upload.getFileName()), upload.getClientUploadId(), upload.getOwner(),
                upload.getPlacedBytes(),
                upload.getSha256(), pathOf(upload.getFileName())));
    }

    void expired(Upload upload) {
        metrics.uploadExpired();
        fire(new UploadExpired(StoredNames.shown(upload.getFileName()), upload.getClientUploadId(), upload.getOwner(),
                upload.getPlacedBytes(),
                upload.getSha256(), pathOf(upload.getFileName())));
    }

    private Path pathOf(String fileName) {
        return storage.outputDirectory().resolve(fileName);
    }

    /** Overridden by the unit tests, which run without CDI. */
    void fire(Object event) {
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of " + event + " failed (the upload stands)", e);
        }
        events.fireAsync(event).exceptionally(e -> {
            LOG.log(Level.WARNING, "an asynchronous observer of " + event + " failed (the upload stands)", e);
            return null;
        });
    }
}
