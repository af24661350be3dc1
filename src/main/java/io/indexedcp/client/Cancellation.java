package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferedFile;

/**
 * What {@link IndexedCpClient#cancel} did: the file has left the buffer; {@code server} says what
 * became of its upload on the server.
 */
public record Cancellation(BufferedFile file, Server server) {

    public enum Server {
        /** The server held the upload and has deleted it. */
        DELETED,
        /** The server held no upload of it (never sent, already completed and forgotten, expired): 404. */
        NOT_HELD,
        /** Nothing was asked: the file has no upload id (buffered before protocol v2) or no server. */
        NOT_ASKED
    }
}
