package io.indexedcp.server.hook;

import java.time.Duration;
import java.util.Optional;

/** Where a completed upload's JSON is delivered: a URL or a command, chosen by {@code INDEXEDCP_ON_COMPLETE}. */
interface HookTarget {

    /**
     * Delivers {@code payload} once, waiting at most {@code timeout}; empty when the receiver took it,
     * otherwise why not (the delivery is then retried).
     */
    Optional<String> deliver(String payload, Duration timeout) throws InterruptedException;

    /** For the log: where deliveries go. */
    String describe();

    /** An {@code http://} or {@code https://} URL is posted to; anything else is a command for {@code /bin/sh -c}. */
    static HookTarget of(String configured) {
        return configured.startsWith("http://") || configured.startsWith("https://")
                ? new UrlTarget(configured) : new CommandTarget(configured);
    }
}
