package io.indexedcp.server.control;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed authentications per remote address, in windows that start at an address's first failure
 * and last {@code window}: an address with {@code limit} failures in its current window is
 * throttled (every request of it refused, whatever its credential) until the window ends. State
 * of this JVM only: each node counts what it is sent. Ended windows are forgotten once there are
 * many, so a stream of new addresses cannot grow the map without end.
 */
public final class FailedAuthentications {

    static final int PRUNE_ABOVE = 10_000;

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests) */
    public FailedAuthentications(int limit, Duration window, LongSupplier nanoClock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be >= 1");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    public int limit() {
        return limit;
    }

    /** 0 when the address may try; else the whole seconds (at least 1) until its window ends. */
    public int throttledFor(String address) {
        Window window = windows.get(address);
        if (window == null) {
            return 0;
        }
        long left = window.throttledNanosLeft(nanoClock.getAsLong());
        return left <= 0 ? 0 : (int) Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts a failed authentication of the address. */
    public void failed(String address) {
        long now = nanoClock.getAsLong();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(window -> window.endedAt(now));
        }
        windows.computeIfAbsent(address, a -> new Window(now)).count(now);
    }

    int trackedAddresses() {
        return windows.size();
    }

    private final class Window {

        private long start;
        private int failures;

        Window(long now) {
            start = now;
        }

        synchronized void count(long now) {
            if (now - start >= windowNanos) {
                start = now;
                failures = 0;
            }
            failures++;
        }

        synchronized long throttledNanosLeft(long now) {
            long left = start + windowNanos - now;
            return failures >= limit && left > 0 ? left : 0;
        }

        synchronized boolean endedAt(long now) {
            return now - start >= windowNanos;
        }
    }
}
