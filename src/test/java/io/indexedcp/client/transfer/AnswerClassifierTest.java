package io.indexedcp.client.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerClassifierTest {

    @Test
    void onlyTemporaryConditionsAreRetryable() {
        for (int status : new int[] {408, 429, 500, 502, 503, 504, 599}) {
            assertTrue(AnswerClassifier.isRetryable(status), "" + status);
        }
        for (int status : new int[] {200, 301, 400, 401, 403, 404, 409, 413, 422}) {
            assertFalse(AnswerClassifier.isRetryable(status), "" + status);
        }
    }

    @Test
    void retryAfterInSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), AnswerClassifier.parseRetryAfter(" 120 ", Instant.now()));
    }

    @Test
    void retryAfterAsHttpDate() {
        Instant now = Instant.parse("2015-10-21T07:28:00Z");

        assertEquals(Optional.of(Duration.ofSeconds(30)),
                AnswerClassifier.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), AnswerClassifier.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now));
    }

    @Test
    void unreadableOrAbsentRetryAfterFallsBackToThePolicy() {
        assertEquals(Optional.empty(), AnswerClassifier.parseRetryAfter(null, Instant.now()));
        assertEquals(Optional.empty(), AnswerClassifier.parseRetryAfter("soon", Instant.now()));
    }

    @Test
    void absurdRetryAfterIsCapped() {
        assertEquals(Optional.of(AnswerClassifier.MAX_RETRY_AFTER), AnswerClassifier.parseRetryAfter("999999", Instant.now()));
    }

    @Test
    void fatalMessagesSayWhatToFix() {
        assertEquals("authentication failed: check INDEXEDCP_API_KEY (server: Invalid or missing API key)",
                AnswerClassifier.fatalMessage(401, "http://h/upload", "Invalid or missing API key"));
        assertTrue(AnswerClassifier.fatalMessage(413, "u", null).contains("smaller chunk size"));
        String quota = AnswerClassifier.fatalMessage(413, "u", "Quota exceeded: alice may store 10 bytes");
        assertTrue(quota.startsWith("over your quota on the server (HTTP 413): Quota exceeded"), quota);
        assertTrue(AnswerClassifier.fatalMessage(404, "http://h/nope", null).contains("check the server URL"));
        assertTrue(AnswerClassifier.fatalMessage(404, "http://h/nope", "Not Found").contains("check the server URL"));
        assertEquals("refused by the server (HTTP 404): Unknown upload",
                AnswerClassifier.fatalMessage(404, "http://h/upload", "Unknown upload"));
    }

    @Test
    void aRefusalAlwaysCarriesTheServersReason() {
        assertEquals("refused by the server (HTTP 400): Invalid filename: '..'",
                AnswerClassifier.fatalMessage(400, "http://h/upload", "Invalid filename: '..'"));
        String empty = AnswerClassifier.fatalMessage(400, "http://h/upload", "");
        assertTrue(empty.startsWith("refused by the server (HTTP 400) without a reason"), empty);
    }
}
