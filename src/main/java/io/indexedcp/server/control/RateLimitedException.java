package io.indexedcp.server.control;

/**
 * Too many requests: of one principal ({@code INDEXEDCP_RATE_LIMIT}), or from an address whose
 * authentications failed too often ({@code INDEXEDCP_AUTH_FAILURES_PER_MINUTE}). 429 with
 * {@code Retry-After}; the request was not acted on.
 */
public class RateLimitedException extends UploadRejectedException {

    private RateLimitedException(String message, int retryAfterSeconds) {
        super(429, message, retryAfterSeconds);
    }

    public static RateLimitedException rate(String principal, double perSecond, int retryAfterSeconds) {
        return new RateLimitedException("Rate limit: " + principal + " may send " + format(perSecond)
                + " requests per second; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    public static RateLimitedException failedAuthentications(long perMinute, int retryAfterSeconds) {
        return new RateLimitedException("Too many failed authentications from this address (" + perMinute
                + " a minute); retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    private static String format(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }
}
