package io.indexedcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.indexedcp.protocol.UploadSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadDescriptionTest {

    private static final Instant T = Instant.parse("2026-12-02T20:00:00Z");

    @Test
    void aPlainUploadIsShownAsPlainEvenWhenAnOlderServerSaysReceiving() {
        UploadSummary plain = new UploadSummary("x.bin", null, "receiving", 5, 327680, null, T, null);

        assertEquals("plain — 5 chunks: 0, 1, 2, 3, 4, 327680 bytes, last chunk at 2026-12-02T20:00:00Z",
                UploadDescription.describe(plain, List.of(0, 1, 2, 3, 4)));
    }

    @Test
    void aV2UploadShowsItsStateAndOneIsSingular() {
        UploadSummary receiving = new UploadSummary("x.bin", "u", "receiving", 1, 1, null, T, null);
        UploadSummary complete = new UploadSummary("x.bin", "u", "complete", 3, 10, 10L, T, null);

        assertEquals("receiving — 1 chunk: 0, 1 byte, last chunk at 2026-12-02T20:00:00Z",
                UploadDescription.describe(receiving, List.of(0)));
        assertEquals("complete — 3 chunks, 10 bytes, last activity 2026-12-02T20:00:00Z",
                UploadDescription.describe(complete, List.of(0, 1, 2)));
    }
}
