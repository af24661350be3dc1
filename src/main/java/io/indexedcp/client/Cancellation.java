package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferedFile;

/**
 * What {@link IndexedCpClient#cancel} did: the file has left the buffer; {@code server} says what
 * became of its upload on the server, {@code reason} why it refused the name, if it did.
 */
public record Cancellation(BufferedFile file, Server server, String reason) {

    public enum Server {
        /** The server held the upload and has deleted it. */
        DELETED,
        /** The server held no upload of it (never sent, already completed and forgotten, expired): 404. */
        NOT_HELD,
        /**
         * The server refuses the name itself (400: a name its rules forbid), so it can hold no upload
         * of it; such a file could never be sent, and cancelling it is how it leaves the buffer.
         */
        REFUSED,
        /** Nothing was asked: the file has no upload id (buffered before protocol v2) or no server. */
        NOT_ASKED
    }
}
