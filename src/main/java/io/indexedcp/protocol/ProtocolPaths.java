package io.indexedcp.protocol;

/** Paths of the protocol, relative to the server's root (the application is deployed at {@code /}). */
public final class ProtocolPaths {

    public static final String UPLOAD = "upload";

    /** Relative to {@link #UPLOAD}: {@code /upload/status}. */
    public static final String STATUS = "status";

    /** Query parameter of the status request. */
    public static final String FILENAME_PARAM = "filename";

    private ProtocolPaths() {
    }
}
