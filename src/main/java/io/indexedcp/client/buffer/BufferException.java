package io.indexedcp.client.buffer;

/** The buffer database or a file being added could not be read or written. */
public class BufferException extends RuntimeException {

    public BufferException(String message, Throwable cause) {
        super(message, cause);
    }

    public BufferException(String message) {
        super(message);
    }
}
