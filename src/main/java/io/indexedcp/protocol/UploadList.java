package io.indexedcp.protocol;

import java.util.List;

/** The answer to {@code GET /uploads} (protocol v2), most recently active first. */
public record UploadList(List<UploadSummary> uploads) {
}
