package io.indexedcp.client;

import java.time.Duration;

/**
 * One retry about to happen.
 *
 * @param chunkIndex the chunk being retried, {@link #STATUS_REQUEST} for the status request, or
 *                   {@link #COMPLETION} for the completion request
 * @param retry      1 for the first retry of this request
 * @param delay      the wait before it (the server's Retry-After when it sent one)
 * @param reason     what went wrong, e.g. {@code HTTP 503} or {@code SocketTimeoutException: Read timed out}
 */
public record RetryEvent(String clientName, int chunkIndex, int retry, Duration delay, String reason) {

    public static final int STATUS_REQUEST = -1;

    public static final int COMPLETION = -2;
}
