package io.indexedcp.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** The answer to {@code GET /upload/status}: the chunk indexes the server holds, ascending. */
@JsonbPropertyOrder({"filename", "receivedChunks"})
public record UploadStatus(String filename, List<Integer> receivedChunks) {
}
