package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.indexedcp.protocol.ChunkReceipt;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Test;

class ChunkPostFilterTest {

    /** The servlet path must answer the very bytes JSON-B writes for the JAX-RS path. */
    @Test
    void receiptIsWrittenAsJsonBWritesIt() throws Exception {
        try (Jsonb jsonb = JsonbBuilder.create()) {
            for (ChunkReceipt receipt : new ChunkReceipt[] {
                    ChunkReceipt.received("x.bin", 3, "./data/x.bin"),
                    ChunkReceipt.alreadyReceived("résumé \"q\".bin", 0, "dir/résumé \"q\".bin"),
                    new ChunkReceipt(ChunkReceipt.RECEIVED, "a\u0001b", Integer.MAX_VALUE, null, null)}) {
                assertEquals(jsonb.toJson(receipt), ChunkPostFilter.receiptJson(receipt).build().toString());
            }
        }
    }
}
