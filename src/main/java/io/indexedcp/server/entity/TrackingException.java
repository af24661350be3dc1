package io.indexedcp.server.entity;

import java.sql.SQLException;

/** The tracking database failed a statement of the write path: a server fault, answered 500. */
public class TrackingException extends RuntimeException {

    public TrackingException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
