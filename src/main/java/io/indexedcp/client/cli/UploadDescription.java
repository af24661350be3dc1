package io.indexedcp.client.cli;

import io.indexedcp.protocol.UploadSummary;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One server upload as a line of text, for {@code status} and {@code ls --server}. A plain upload
 * (no upload id: the old clients' protocol, which has no end) is shown as what it is, not as an
 * unfinished one: {@code plain — 5 chunks, 327680 bytes, last chunk at …}.
 */
final class UploadDescription {

    static final String PLAIN = UploadSummary.PLAIN;

    private UploadDescription() {
    }

    /** The server's state, or {@code plain} for an upload without id (a server before the {@code plain} state said {@code receiving}). */
    static String state(UploadSummary upload) {
        return upload.uploadId() == null ? PLAIN : String.valueOf(upload.state());
    }

    /** {@code STATE — N chunks[: i, j, …], B bytes[ of SIZE], last chunk at T}; {@code indexes} may be null. */
    static String describe(UploadSummary upload, List<Integer> indexes) {
        String state = state(upload);
        StringBuilder line = new StringBuilder(state).append(" — ").append(Counts.of(upload.receivedChunks(), "chunk"));
        if (indexes != null && !indexes.isEmpty() && !"complete".equals(state)) {
            line.append(": ").append(indexes.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        line.append(", ").append(Counts.of(upload.receivedBytes(), "byte"));
        if (upload.totalSize() != null && upload.totalSize() != upload.receivedBytes()) {
            line.append(" of ").append(upload.totalSize());
        }
        if (upload.lastActivity() != null) {
            line.append(", ").append(PLAIN.equals(state) || "receiving".equals(state) ? "last chunk at " : "last activity ")
                    .append(upload.lastActivity());
        }
        return line.toString();
    }
}
