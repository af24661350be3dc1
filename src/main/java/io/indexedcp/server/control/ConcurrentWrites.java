package io.indexedcp.server.control;

import io.indexedcp.server.config.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;

/**
 * Back-pressure: at most {@code INDEXEDCP_MAX_CONCURRENT_WRITES} chunks, their bodies all arrived,
 * are being committed at once by this server; one more is answered 503 with {@code Retry-After}
 * instead of queueing behind the disk. A body still arriving holds no permit, so slow clients
 * cannot take the slots from fast ones. This bounds load per instance only; nothing about
 * correctness rests on it.
 */
@ApplicationScoped
public class ConcurrentWrites {

    static final int RETRY_AFTER_SECONDS = 1;

    @Inject
    ServerSettings settings;

    private Semaphore permits;

    @PostConstruct
    void init() {
        permits = new Semaphore(settings.maxConcurrentWrites());
    }

    /** A permit to commit one chunk, to be closed when done; {@link ServerBusyException} when none is free. */
    public Permit acquire() {
        if (!permits.tryAcquire()) {
            throw new ServerBusyException(RETRY_AFTER_SECONDS);
        }
        return permits::release;
    }

    /** A held write permit. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
