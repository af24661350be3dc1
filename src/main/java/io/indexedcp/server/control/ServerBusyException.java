package io.indexedcp.server.control;

/** Too many chunk writes at once on this server: 503 with {@code Retry-After}; the client backs off and retries. */
public class ServerBusyException extends UploadRejectedException {

    public ServerBusyException(int retryAfterSeconds) {
        super(503, "Server busy: too many chunk uploads at once, retry after " + retryAfterSeconds + " s",
                retryAfterSeconds);
    }
}
