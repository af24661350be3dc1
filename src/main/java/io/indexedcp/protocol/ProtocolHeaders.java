package io.indexedcp.protocol;

/** Header names of the upload protocol, as the existing Python and Node clients send them. */
public final class ProtocolHeaders {

    /** The name of the file as the client knows it; often a whole path, of which the server keeps the base name. */
    public static final String FILE_NAME = "X-File-Name";

    /**
     * Optional: the file name as an RFC 8187 ext-value, {@code UTF-8''<percent-encoded UTF-8>}, for
     * names a plain header cannot carry intact. Takes precedence over {@link #FILE_NAME} when both are sent.
     * Encoded and decoded by {@link FileNameHeader}.
     */
    public static final String FILE_NAME_EXT = "X-File-Name*";

    /** The 0-based chunk number, decimal. */
    public static final String CHUNK_INDEX = "X-Chunk-Index";

    /**
     * Protocol v2, optional: an id the client chooses for one upload of one file (1 to 128 of
     * {@code A-Z a-z 0-9 . _ ~ -}). With it, an upload is identified by name and id, assembled
     * under a temporary name, and made visible only by an explicit completion.
     */
    public static final String UPLOAD_ID = "X-Upload-Id";

    /** Protocol v2, optional: RFC 9530 digest of the chunk body, {@code sha-256=:<base64>:}. */
    public static final String CONTENT_DIGEST = "Content-Digest";

    /** Seconds to wait before retrying, on 429 and 503 answers. */
    public static final String RETRY_AFTER = "Retry-After";

    /** Prefix of the {@code Authorization} header value that carries the API key. */
    public static final String BEARER_PREFIX = "Bearer ";

    private ProtocolHeaders() {
    }
}
