package io.indexedcp.server.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refused requests on the logger {@code io.indexedcp.refused}, at most one line per status and
 * minute: an operator sees that clients are refused and why, while a client retrying a bad key or an
 * oversized chunk in a loop cannot fill the log. The next line of a status says how many were left
 * out before it; exact counts are in {@code /metrics} ({@code indexedcp_requests_refused_total}).
 * A client's mistake (4xx) is INFO, a refusal for the server's own condition (busy, storage full or
 * failing) is WARNING; neither is ever SEVERE, which stays for the server's own faults.
 */
@ApplicationScoped
public class RefusalLog {

    static final String LOGGER = "io.indexedcp.refused";
    static final Duration QUIET = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(LOGGER);

    /** Every refusal the audit keeps goes there too, unthrottled; null in the unit tests. */
    @Inject
    AuditLog audit;

    private final ConcurrentMap<Integer, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public RefusalLog() {
        this(System::nanoTime);
    }

    RefusalLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** {@code request} answered with {@code status} (4xx or 5xx) and {@code message}. */
    void refused(HttpServletRequest request, int status, String message) {
        // On an error page's dispatch the request's own URI is the error page's; the refused one is an attribute.
        Object refusedUri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = refusedUri instanceof String uri ? uri : request.getRequestURI();
        if (audit != null) {
            audit.refused(request, status, path, message);
        }
        refused(status, request.getMethod(), path, request.getRemoteAddr(), message);
    }

    void refused(int status, String method, String path, String remote, String message) {
        long leftOut = windows.computeIfAbsent(status, s -> new Window()).admit(nanoClock.getAsLong());
        if (leftOut < 0) {
            return;
        }
        Level level = status >= 500 ? Level.WARNING : Level.INFO;
        LOG.log(level, () -> "Refused " + method + " " + path + " from " + remote + " with " + status + ": " + message
                + (leftOut == 0 ? "" : " (" + leftOut + " more refused with " + status + " since the last such line)"));
    }

    /** One status's minute: the first refusal opens it and is logged, the rest are only counted. */
    private static final class Window {
        private boolean open;
        private long openedAt;
        private long leftOut;

        /** -1 when this refusal is left out; otherwise how many were left out before it. */
        synchronized long admit(long now) {
            if (open && now - openedAt < QUIET.toNanos()) {
                leftOut++;
                return -1;
            }
            long before = leftOut;
            open = true;
            openedAt = now;
            leftOut = 0;
            return before;
        }
    }
}
