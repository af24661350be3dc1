package io.indexedcp.server.boundary;

/**
 * A request refused before it reaches the upload logic: the status and the message of its
 * {@code {"error": ...}}, and whether the answer must close the connection (a body that cannot be
 * read as sent must not be parsed as the next request).
 */
record Refusal(int status, String message, boolean closeConnection) {

    Refusal(int status, String message) {
        this(status, message, false);
    }
}
