package io.indexedcp.client.transfer;

import io.indexedcp.protocol.CancelReceipt;
import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.protocol.UploadList;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.protocol.UploadSummary;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the server's JSON answers into the protocol records with JSON-P, field by field.
 *
 * <p>Why not JSON-B: Yasson binds records only through classes in its multi-release section
 * ({@code META-INF/versions/16}), which a flattened, fat CLI jar without {@code Multi-Release: true}
 * loses; the CLI then cannot read a single answer. Reading by hand also tolerates the fields an
 * old server leaves out.
 */
final class ProtocolJson {

    /**
     * One factory for every answer: {@code Json.createReader} looks the JSON-P provider up through
     * the ServiceLoader on every call, which (profiled) was the client's largest CPU and
     * allocation cost per chunk after the HTTP request itself.
     */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

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
        return new UploadStatus(string(o, "filename"), List.copyOf(received), string(o, "uploadId"),
                bool(o, "complete"), string(o, "actualFilename"), longOrNull(o, "size"), string(o, "sha256"), null);
    }

    static CompletionReceipt completionReceipt(String json) {
        JsonObject o = object(json);
        Long size = longOrNull(o, "size");
        return new CompletionReceipt(string(o, "message"), string(o, "actualFilename"), string(o, "uploadId"),
                size == null ? -1 : size, string(o, "sha256"));
    }

    static CancelReceipt cancelReceipt(String json) {
        JsonObject o = object(json);
        return new CancelReceipt(string(o, "message"), string(o, "filename"), string(o, "uploadId"));
    }

    static String completionRequest(CompletionRequest r) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("filename", r.filename())
                .add("uploadId", r.uploadId())
                .add("totalChunks", r.totalChunks())
                .add("totalSize", r.totalSize());
        if (r.sha256() != null) {
            b.add("sha256", r.sha256());
        }
        return b.build().toString();
    }

    static UploadList uploadList(String json) {
        JsonObject o = object(json);
        List<UploadSummary> uploads = new ArrayList<>();
        if (o.get("uploads") instanceof jakarta.json.JsonArray array) {
            for (JsonValue value : array) {
                if (!(value instanceof JsonObject u)) {
                    throw new JsonException("uploads holds a non-object: " + value);
                }
                Long chunks = longOrNull(u, "receivedChunks");
                Long bytes = longOrNull(u, "receivedBytes");
                uploads.add(new UploadSummary(string(u, "filename"), string(u, "uploadId"), string(u, "state"),
                        chunks == null ? 0 : chunks, bytes == null ? 0 : bytes, longOrNull(u, "totalSize"),
                        instant(string(u, "lastActivity")), string(u, "owner")));
            }
        }
        return new UploadList(List.copyOf(uploads));
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Boolean bool(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v == JsonValue.TRUE ? Boolean.TRUE : v == JsonValue.FALSE ? Boolean.FALSE : null;
    }

    private static Long longOrNull(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? n.longValueExact() : null;
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
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
