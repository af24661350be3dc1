package io.indexedcp.client.transfer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Decides, from the status code alone, whether asking again can help. Only conditions that are
 * temporary by their nature are retried; a refusal of the request itself fails at once, so a
 * wrong key or a wrong URL costs the user no back-off time.
 */
public final class AnswerClassifier {

    /** A server that asks for more than this is treated as asking for this much. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private AnswerClassifier() {
    }

    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || (status >= 500 && status <= 599);
    }

    /**
     * For a chunk, {@code 422} too: the server found that the body does not match its
     * {@code Content-Digest}, so the bytes were damaged on the way and sending them again helps.
     * (For a completion, 422 says the whole file differs: that is not retried.)
     */
    public static boolean isRetryableForChunk(int status) {
        return status == 422 || isRetryable(status);
    }

    /**
     * The message for a non-retryable answer: what is wrong, and where to look. The server's own
     * reason (its {@code {"error": …}}) is always part of it: a refusal without it leaves the user
     * guessing. A 404 that comes with a reason of its own is the application's ("no upload of …"), not a wrong URL.
     */
    public static String fatalMessage(int status, String url, String serverError) {
        boolean hasReason = serverError != null && !serverError.isBlank();
        String detail = hasReason ? " (server: " + serverError + ")" : "";
        return switch (status) {
            case 401 -> "authentication failed: check INDEXEDCP_API_KEY" + detail;
            case 403 -> "access denied by the server: check INDEXEDCP_API_KEY" + detail;
            // The bare reason phrase is what JAX-RS answers for an unknown path: a wrong URL, not a missing upload.
            case 404 -> hasReason && !serverError.strip().equalsIgnoreCase("Not Found")
                    ? "refused by the server (HTTP 404): " + serverError
                    : "no IndexedCP upload endpoint at " + url + ": check the server URL" + detail;
            case 405 -> "no IndexedCP upload endpoint at " + url + " (HTTP 405): check the server URL" + detail;
            // 413 is also the server's answer to a principal over its quota: its reason says which.
            case 413 -> hasReason && serverError.startsWith("Quota exceeded")
                    ? "over your quota on the server (HTTP 413): " + serverError
                    : "chunk too large for the server: use a smaller chunk size" + detail;
            case 409 -> "the server does not hold the whole upload" + detail;
            case 422 -> "the server's copy does not match the file's SHA-256" + detail;
            default -> hasReason ? "refused by the server (HTTP " + status + "): " + serverError
                    : "refused by the server (HTTP " + status + ") without a reason (an empty answer from " + url
                            + "; a header the server could not read?)";
        };
    }

    /**
     * {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3); empty when absent or
     * unreadable, so that a malformed header falls back to the policy's delay instead of failing.
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        Duration delay;
        try {
            delay = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                delay = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        return Optional.of(delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay);
    }
}
