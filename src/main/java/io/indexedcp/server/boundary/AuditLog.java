package io.indexedcp.server.boundary;

import io.indexedcp.server.events.UploadCancelled;
import io.indexedcp.server.events.UploadCompleted;
import io.indexedcp.server.events.UploadExpired;
import io.indexedcp.server.events.UploadStarted;
import io.indexedcp.server.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The audit trail: one JSON line per upload started, completed, cancelled and expired, and per
 * request refused for who sent it or its limits (401, 403, 413, 429, 507), on the logger
 * {@code io.indexedcp.audit} of its own so that operators can route it (to a file, a SIEM). Each
 * line says who ({@code principal}: the upload's owner; {@code by}: the caller, when another, e.g.
 * an admin cancelling) and from where ({@code remote}). It never holds a key or a token: only the
 * principal's name that one resolved to.
 *
 * <p>Observed synchronously, in the thread of the request that caused it, so that the request's
 * remote address and caller are at hand; an expiry has none ({@code remote} is absent).
 */
@ApplicationScoped
public class AuditLog {

    static final String LOGGER = "io.indexedcp.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER);
    private static final Set<Integer> AUDITED_REFUSALS = Set.of(401, 403, 413, 429, 507);

    @Inject
    HttpServletRequest request;

    @Inject
    RequestCaller caller;

    void started(@Observes UploadStarted e) {
        log(line("started", e.name(), e.uploadId(), e.principal()));
    }

    void completed(@Observes UploadCompleted e) {
        log(line("completed", e.name(), e.uploadId(), e.principal()).add("size", e.size()).add("sha256", e.sha256()));
    }

    void cancelled(@Observes UploadCancelled e) {
        log(line("cancelled", e.name(), e.uploadId(), e.principal()).add("size", e.size()));
    }

    void expired(@Observes UploadExpired e) {
        log(line("expired", e.name(), e.uploadId(), e.principal()).add("size", e.size()));
    }

    /** A refused request, if its status is one the audit keeps. */
    void refused(HttpServletRequest refused, int status, String path, String message) {
        if (!AUDITED_REFUSALS.contains(status)) {
            return;
        }
        JsonObjectBuilder line = Json.createObjectBuilder()
                .add("time", Instant.now().toString())
                .add("event", "refused")
                .add("status", status)
                .add("method", refused.getMethod())
                .add("path", path)
                .add("reason", message)
                .add("remote", refused.getRemoteAddr());
        Caller who = currentCaller();
        if (who != null) {
            line.add("principal", who.name()).add("role", who.role().wireName());
        }
        log(line);
    }

    private JsonObjectBuilder line(String event, String name, String uploadId, String principal) {
        JsonObjectBuilder line = Json.createObjectBuilder()
                .add("time", Instant.now().toString())
                .add("event", event)
                .add("name", name)
                .add("principal", principal);
        if (uploadId != null) {
            line.add("uploadId", uploadId);
        }
        String remote = remoteAddress();
        if (remote != null) {
            line.add("remote", remote);
            Caller by = currentCaller();
            if (by != null && !by.name().equals(principal)) {
                line.add("by", by.name());
            }
        }
        return line;
    }

    /** The current request's remote address; null outside a request (the expiry job). */
    private String remoteAddress() {
        try {
            return request.getRemoteAddr();
        } catch (ContextNotActiveException | IllegalStateException outsideARequest) {
            return null;
        }
    }

    private Caller currentCaller() {
        try {
            return caller.find();
        } catch (ContextNotActiveException outsideARequest) {
            return null;
        }
    }

    private static void log(JsonObjectBuilder line) {
        LOG.info(line.build().toString());
    }
}
