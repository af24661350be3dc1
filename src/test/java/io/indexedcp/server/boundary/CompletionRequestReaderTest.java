package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.protocol.ErrorBody;
import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompletionRequestReaderTest {

    private final CompletionRequestReader reader = new CompletionRequestReader();

    @Test
    void readsEveryFieldAndSkipsUnknownOnes() throws IOException {
        assertEquals(new CompletionRequest("x.bin", "id-1", 3, 5_000_000_000L, "ab"),
                read("{\"later\":[{\"a\":1}],\"filename\":\"x.bin\",\"uploadId\":\"id-1\",\"totalChunks\":3,"
                        + "\"totalSize\":5000000000,\"sha256\":\"ab\"}"));
        assertEquals(new CompletionRequest(null, null, null, null, null),
                read("{\"filename\":null,\"totalChunks\":null}"));
    }

    @Test
    void theLimitsOfEachTypeAreTakenExactly() throws IOException {
        assertEquals(Integer.MAX_VALUE, read("{\"totalChunks\":2147483647}").totalChunks());
        assertEquals(Long.MAX_VALUE, read("{\"totalSize\":9223372036854775807}").totalSize());
        assertEquals("Invalid completion request: totalChunks must be between -2147483648 and 2147483647",
                refusal("{\"totalChunks\":2147483648}"));
        assertEquals("Invalid completion request: totalSize must be between -9223372036854775808 and 9223372036854775807",
                refusal("{\"totalSize\":9223372036854775808}"));
    }

    @Test
    void fractionsAreRefusedNotRounded() {
        assertEquals("Invalid completion request: totalChunks must be a whole number", refusal("{\"totalChunks\":1.5}"));
        assertEquals("Invalid completion request: totalChunks must be a whole number", refusal("{\"totalChunks\":1.0}"));
        assertEquals("Invalid completion request: totalSize must be a whole number", refusal("{\"totalSize\":2E3}"));
    }

    @Test
    void deepNestingIsRefusedWithoutRecursion() {
        String deep = "{\"x\":" + "[".repeat(CompletionRequestReader.MAX_DEPTH + 1)
                + "]".repeat(CompletionRequestReader.MAX_DEPTH + 1) + "}";
        assertEquals("Invalid completion request: the value of x nests deeper than " + CompletionRequestReader.MAX_DEPTH
                + " levels", refusal(deep));
    }

    private CompletionRequest read(String json) throws IOException {
        return reader.readFrom(CompletionRequest.class, CompletionRequest.class, null, null, null,
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private String refusal(String json) {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> read(json));
        assertEquals(400, e.getResponse().getStatus());
        return ((ErrorBody) e.getResponse().getEntity()).error();
    }
}
