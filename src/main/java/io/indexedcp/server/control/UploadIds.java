package io.indexedcp.server.control;

import java.util.regex.Pattern;

/**
 * The v2 upload id and the key an upload is tracked by. The plain protocol keys an upload by its
 * base name, as the existing servers do; with an id the key is name and id, so a new file under an
 * old name, or the same name from two clients, is a different upload. The separator {@code /} can
 * never be part of a base name, so the two kinds of key cannot collide.
 */
public final class UploadIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private UploadIds() {
    }

    /** The validated id, or null when the client sent none (the plain protocol). */
    public static String parse(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        if (!VALID.matcher(header).matches()) {
            throw new InvalidUploadIdException();
        }
        return header;
    }

    public static String uploadKey(String fileName, String uploadId) {
        return uploadId == null ? fileName : fileName + "/" + uploadId;
    }
}
