package io.indexedcp.server.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * One log line per event on logger {@code io.indexedcp.events} (INFO), so that an operator, or a
 * script following the log, sees each file arrive or go without writing Java.
 */
@ApplicationScoped
public class EventLog {

    static final Logger LOG = Logger.getLogger("io.indexedcp.events");

    void completed(@Observes UploadCompleted e) {
        LOG.info(() -> line("completed", e.name(), e.uploadId(), e.size(), e.sha256(), e.path()));
    }

    void cancelled(@Observes UploadCancelled e) {
        LOG.info(() -> line("cancelled", e.name(), e.uploadId(), e.size(), e.sha256(), e.path()));
    }

    void expired(@Observes UploadExpired e) {
        LOG.info(() -> line("expired", e.name(), e.uploadId(), e.size(), e.sha256(), e.path()));
    }

    static String line(String what, String name, String uploadId, long size, Object sha256, Object path) {
        return "upload " + what + ": name=" + name + " uploadId=" + uploadId + " size=" + size + " sha256="
                + sha256 + " path=" + path;
    }
}
