package io.indexedcp.client;

/** A file named by the user is not in the buffer (or the name fits several buffered files). */
public class NotInBufferException extends IndexedCpException {

    public NotInBufferException(String message) {
        super(message);
    }
}
