package io.indexedcp.client.transfer;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.UploadStatus;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server's JSON answers into the protocol records with JSON-P, field by field.
 *
 * <p>Why not JSON-B: Yasson binds records only through classes in its multi-release section
 * ({@code META-INF/versions/16}), which a flattened, fat CLI jar without {@code Multi-Release: true}
 * loses; the CLI then cannot read a single answer. Reading by hand also tolerates the fields an
 * old server leaves out.
 */
final class ProtocolJson {

    private ProtocolJson() {
    }

    static ChunkReceipt chunkReceipt(String json) {
        JsonObject o = object(json);
        JsonValue already = o.get("alreadyReceived");
        return new ChunkReceipt(string(o, "message"), string(o, "actualFilename"),
                o.containsKey("chunkIndex") && o.get("chunkIndex") instanceof JsonNumber n ? n.intValue() : -1,
                string(o, "clientFilename"),
                already == JsonValue.TRUE ? Boolean.TRUE : already == JsonValue.FALSE ? Boolean.FALSE : null);
    }

    static UploadStatus uploadStatus(String json) {
        JsonObject o = object(json);
        List<Integer> received = new ArrayList<>();
        if (o.get("receivedChunks") instanceof jakarta.json.JsonArray array) {
            for (JsonValue value : array) {
                if (!(value instanceof JsonNumber n)) {
                    throw new JsonException("receivedChunks holds a non-number: " + value);
                }
                received.add(n.intValueExact());
            }
        }
        return UploadStatus.plain(string(o, "filename"), List.copyOf(received));
    }

    /** The {@code error} of an error body, or null when the text is no such JSON. */
    static String error(String json) {
        try {
            return string(object(json), "error");
        } catch (JsonException | IllegalStateException notJson) {
            return null;
        }
    }

    private static JsonObject object(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
