package io.indexedcp.client.transfer;

import io.indexedcp.protocol.ProtocolPaths;
import java.net.URI;

/**
 * The one place where a server address given by a user becomes the upload URL every other request
 * is derived from. Users give either the upload URL the existing clients use
 * ({@code http://host:8080/upload}) or the server's base URL ({@code http://host:8080/}, what the
 * server prints at start); posting chunks to the base URL would get a bare 405.
 */
public final class ServerUrls {

    private ServerUrls() {
    }

    /**
     * The upload URL for {@code given}: unchanged when its last path segment is {@code upload}, else
     * {@code upload} under it ({@code http://h:8080/} and {@code http://h:8080} → {@code http://h:8080/upload},
     * {@code http://h/app/} → {@code http://h/app/upload}). A query or fragment is dropped: no request carries one.
     */
    public static URI uploadUrl(URI given) {
        String path = given.getRawPath() == null ? "" : given.getRawPath();
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String newPath = trimmed.endsWith("/" + ProtocolPaths.UPLOAD) ? trimmed : trimmed + "/" + ProtocolPaths.UPLOAD;
        return URI.create(given.getScheme() + "://" + given.getRawAuthority() + newPath);
    }
}
