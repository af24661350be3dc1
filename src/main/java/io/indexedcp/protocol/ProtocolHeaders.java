package io.indexedcp.protocol;

/** Header names of the upload protocol, as the existing Python and Node clients send them. */
public final class ProtocolHeaders {

    /** The name of the file as the client knows it; often a whole path, of which the server keeps the base name. */
    public static final String FILE_NAME = "X-File-Name";

    /** The 0-based chunk number, decimal. */
    public static final String CHUNK_INDEX = "X-Chunk-Index";

    /** Prefix of the {@code Authorization} header value that carries the API key. */
    public static final String BEARER_PREFIX = "Bearer ";

    private ProtocolHeaders() {
    }
}
