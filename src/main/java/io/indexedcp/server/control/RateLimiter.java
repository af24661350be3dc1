package io.indexedcp.server.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a principal's name): {@code perSecond} requests a second on average,
 * up to {@code burst} at once after a quiet spell. State of this JVM only: each node limits what
 * it is sent. Buckets that have filled up again are forgotten once there are many, so a stream of
 * new names cannot grow the map without end.
 */
public final class RateLimiter {

    static final int PRUNE_ABOVE = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a fake one in tests) */
    public RateLimiter(double perSecond, double burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate " + perSecond + "/s and burst " + burst + " must be > 0 and >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** The burst for a rate: twice the rate, and at least one request. */
    public static double burstFor(double perSecond) {
        return Math.max(1, 2 * perSecond);
    }

    public double perSecond() {
        return perSecond;
    }

    /**
     * Takes one request's token for {@code key}: 0 when there was one, else the whole seconds
     * (at least 1) until there will be one, and nothing is taken.
     */
    public int acquire(String key) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFullAt(now));
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(now));
        return bucket.take(now);
    }

    int trackedKeys() {
        return buckets.size();
    }

    private final class Bucket {

        private double tokens = burst;
        private long updated;

        Bucket(long now) {
            updated = now;
        }

        synchronized int take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (int) Math.max(1, Math.ceil((1 - tokens) / perSecond));
        }

        synchronized boolean isFullAt(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            long elapsed = now - updated;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed / 1e9 * perSecond);
                updated = now;
            }
        }
    }
}
