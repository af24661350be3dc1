package io.indexedcp.client.transfer;

import java.time.Duration;
import java.util.Optional;

/**
 * What one request came to. The retry loop needs exactly this much: done, worth another try
 * (perhaps not before a time the server named), or pointless to repeat.
 */
public sealed interface Outcome<T> {

    static <T> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    static <T> Outcome<T> retryable(String reason, Optional<Duration> retryAfter) {
        return new Retryable<>(reason, retryAfter);
    }

    static <T> Outcome<T> fatal(int status, String message) {
        return new Fatal<>(status, message);
    }

    record Success<T>(T value) implements Outcome<T> {
    }

    /** A network failure, a time-out, 408, 429 or 5xx; {@code retryAfter} when the server sent one. */
    record Retryable<T>(String reason, Optional<Duration> retryAfter) implements Outcome<T> {
    }

    /** An answer that will not change by asking again; {@code message} says what the user should fix. */
    record Fatal<T>(int status, String message) implements Outcome<T> {

        public boolean isAuthentication() {
            return status == 401 || status == 403;
        }
    }
}
