package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.server.control.ReceivedIndexes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadStatusWriterTest {

    @Test
    void plainStatusIsExactlyTheTwoFieldsOldClientsRead() throws Exception {
        assertEquals("{\"filename\":\"x.bin\",\"receivedChunks\":[0,1,2,5,7]}",
                write(UploadStatus.plain("x.bin", List.of(0, 1, 2, 5, 7))));
        assertEquals("{\"filename\":\"x.bin\",\"receivedChunks\":[]}", write(UploadStatus.plain("x.bin", List.of())));
    }

    @Test
    void longListsCrossTheBufferIntact() throws Exception {
        List<Integer> indexes = new java.util.ArrayList<>();
        StringBuilder expected = new StringBuilder("{\"filename\":\"big.bin\",\"receivedChunks\":[");
        for (int i = 0; i < 100_000; i++) {
            int index = i < 99_990 ? i : Integer.MAX_VALUE - i;
            indexes.add(index);
            expected.append(i == 0 ? "" : ",").append(index);
        }
        expected.append("]}");
        assertEquals(expected.toString(), write(UploadStatus.plain("big.bin", indexes)));
    }

    @Test
    void aPlacedPrefixIsWrittenAsEveryIndexBelowItThenTheRest() throws Exception {
        assertEquals("{\"filename\":\"r.bin\",\"receivedChunks\":[0,1,2,7,9]}",
                write(UploadStatus.plain("r.bin", new ReceivedIndexes(3, List.of(7, 9)))));
        assertEquals("{\"filename\":\"r.bin\",\"receivedChunks\":[4]}",
                write(UploadStatus.plain("r.bin", new ReceivedIndexes(0, List.of(4)))));
        assertEquals(List.of(0, 1, 5), new ReceivedIndexes(2, List.of(5)));
    }

    @Test
    void aNameLongerThanTheBufferIsWrittenWhole() throws Exception {
        String name = "é".repeat(70_000);
        JsonObject parsed = Json.createReader(new StringReader(write(UploadStatus.plain(name, List.of(1)))))
                .readObject();
        assertEquals(name, parsed.getString("filename"));
    }

    @Test
    void everyFieldIsValidJsonWhateverTheName() throws Exception {
        String name = "q\"uote\\back\u0001slash é.bin";
        String text = write(new UploadStatus(name, List.of(3), "id-1", true, name, 12L, "ab",
                List.of(new UploadStatus.ChunkDigest(3, 12, "sha-256=:x:"))));
        JsonObject parsed = Json.createReader(new StringReader(text)).readObject();
        assertEquals(name, parsed.getString("filename"));
        assertEquals(name, parsed.getString("actualFilename"));
        assertEquals(3, parsed.getJsonArray("receivedChunks").getInt(0));
        assertEquals(true, parsed.getBoolean("complete"));
        assertEquals(12, parsed.getJsonNumber("size").longValue());
        assertEquals("sha-256=:x:", parsed.getJsonArray("chunks").getJsonObject(0).getString("digest"));
    }

    private static String write(UploadStatus status) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new UploadStatusWriter().writeTo(status, UploadStatus.class, UploadStatus.class, null, null, null, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
