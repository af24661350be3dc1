package io.indexedcp.server.boundary;

import io.indexedcp.protocol.FileNameHeader;
import io.indexedcp.server.control.InvalidFileNameException;

/**
 * Which of the two name headers names a chunk's file. {@code X-File-Name*} (RFC 8187, decoded by
 * {@link FileNameHeader}, the same code the client encodes with) wins when sent: it carries any name
 * intact. The decoded name then goes through the same base-name and safety rules as a plain one, so
 * an encoded {@code ../} gains nothing.
 */
final class ExtendedFileName {

    private ExtendedFileName() {
    }

    /** {@code X-File-Name*} when sent, else {@code X-File-Name} as the container read it. */
    static String choose(String plain, String extended) {
        if (extended == null) {
            return HeaderText.decode(plain);
        }
        try {
            return FileNameHeader.decode(extended);
        } catch (IllegalArgumentException malformed) {
            throw new InvalidFileNameException(malformed.getMessage());
        }
    }
}
