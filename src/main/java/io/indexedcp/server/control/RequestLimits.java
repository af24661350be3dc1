package io.indexedcp.server.control;

import io.indexedcp.server.config.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The limits on requests, asked by the boundary for every authenticated endpoint: failed
 * authentications per remote address ({@code INDEXEDCP_AUTH_FAILURES_PER_MINUTE}, asked before
 * authenticating) and requests per principal ({@code INDEXEDCP_RATE_LIMIT}, asked right after).
 * Both are counted per node, in memory: they shape the load one server takes, and nodes behind a
 * load balancer each allow as much.
 */
@ApplicationScoped
public class RequestLimits {

    static final Duration AUTH_FAILURE_WINDOW = Duration.ofMinutes(1);

    @Inject
    ServerSettings settings;

    private RateLimiter rates;
    private FailedAuthentications failures;

    @PostConstruct
    void init() {
        rates = settings.rateLimit()
                .map(rate -> new RateLimiter(rate, RateLimiter.burstFor(rate), System::nanoTime))
                .orElse(null);
        long perMinute = settings.authFailuresPerMinute();
        failures = perMinute > 0
                ? new FailedAuthentications((int) Math.min(Integer.MAX_VALUE, perMinute), AUTH_FAILURE_WINDOW,
                        System::nanoTime)
                : null;
    }

    /** Refuses (429) every request from an address that failed to authenticate too often lately. */
    public void checkAddress(String remoteAddress) {
        if (failures != null && remoteAddress != null) {
            int wait = failures.throttledFor(remoteAddress);
            if (wait > 0) {
                throw RateLimitedException.failedAuthentications(failures.limit(), wait);
            }
        }
    }

    /** Counts a request from the address that carried no valid credential. */
    public void failedAuthentication(String remoteAddress) {
        if (failures != null && remoteAddress != null) {
            failures.failed(remoteAddress);
        }
    }

    /** Takes one request of the principal's rate, or refuses it (429). */
    public void checkRate(String principal) {
        if (rates != null) {
            int wait = rates.acquire(principal);
            if (wait > 0) {
                throw RateLimitedException.rate(principal, rates.perSecond(), wait);
            }
        }
    }
}
