package io.indexedcp.client;

/**
 * The server refused a request for a reason that asking again cannot change (400, 404, 413, other
 * 4xx): a bad name, a wrong URL, a chunk above the server's limit.
 */
public class UploadRejectedException extends IndexedCpException {

    private final int status;

    public UploadRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
