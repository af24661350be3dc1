package io.indexedcp.client.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.UploadStatus;
import jakarta.json.JsonException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {

    @Test
    void receiptOfTheExistingServers() {
        ChunkReceipt r = ProtocolJson.chunkReceipt(
                "{\"message\":\"Chunk received\",\"actualFilename\":\"x.bin\",\"chunkIndex\":3,\"clientFilename\":\"./data/x.bin\"}");

        assertEquals(new ChunkReceipt("Chunk received", "x.bin", 3, "./data/x.bin", null), r);
        assertFalse(r.wasAlreadyReceived());
    }

    @Test
    void alreadyReceivedFlag() {
        assertTrue(ProtocolJson.chunkReceipt("{\"actualFilename\":\"x\",\"chunkIndex\":0,\"alreadyReceived\":true}")
                .wasAlreadyReceived());
    }

    @Test
    void statusWithAndWithoutChunks() {
        assertEquals(UploadStatus.plain("x.bin", List.of(0, 1, 2, 5, 7)),
                ProtocolJson.uploadStatus("{\"filename\":\"x.bin\",\"receivedChunks\":[0,1,2,5,7]}"));
        assertEquals(UploadStatus.plain("y", List.of()), ProtocolJson.uploadStatus("{\"filename\":\"y\"}"));
    }

    @Test
    void garbageIsAnError() {
        assertThrows(JsonException.class, () -> ProtocolJson.uploadStatus("<html>"));
        assertThrows(JsonException.class, () -> ProtocolJson.uploadStatus("{\"receivedChunks\":[\"a\"]}"));
    }

    @Test
    void errorBody() {
        assertEquals("Invalid or missing API key", ProtocolJson.error("{\"error\":\"Invalid or missing API key\"}"));
        assertNull(ProtocolJson.error("Service Unavailable"));
    }
}
