package io.indexedcp.protocol;

/** Paths of the protocol, relative to the server's root (the application is deployed at {@code /}). */
public final class ProtocolPaths {

    public static final String UPLOAD = "upload";

    /** Relative to {@link #UPLOAD}: {@code /upload/status}. */
    public static final String STATUS = "status";

    /** Relative to {@link #UPLOAD}: {@code POST /upload/complete} (protocol v2). */
    public static final String COMPLETE = "complete";

    /** {@code GET /uploads}: the list of uploads (protocol v2). */
    public static final String UPLOADS = "uploads";
    /** {@code GET /me}: the caller's principal and role (issue 14). */
    public static final String ME = "me";

    /** Query parameter of the status request. */
    public static final String FILENAME_PARAM = "filename";

    /** Query parameter naming the upload id (protocol v2): status and cancel. */
    public static final String UPLOAD_ID_PARAM = "uploadId";
    /** An admin's choice of whose upload a request addresses (issue 14); others may only name themselves. */
    public static final String OWNER_PARAM = "owner";

    /** Query parameter asking status for each chunk's size and digest (protocol v2). */
    public static final String DIGESTS_PARAM = "digests";

    private ProtocolPaths() {
    }
}
