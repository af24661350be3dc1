package io.indexedcp.client;

/** The uploading thread was interrupted; what was not yet accepted stays in the buffer. */
public class UploadInterruptedException extends IndexedCpException {

    public UploadInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
