package io.indexedcp.client.buffer;

/**
 * The source of a file that was not read into the buffer in whole has changed (size, modification
 * time, or length while being read): the chunks still to be read no longer belong to the file whose
 * SHA-256 and chunks the buffer and the server hold, so that upload cannot be finished.
 */
public final class SourceChangedException extends BufferException {

    public SourceChangedException(String message) {
        super(message);
    }
}
