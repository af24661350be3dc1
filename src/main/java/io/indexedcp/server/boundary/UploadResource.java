package io.indexedcp.server.boundary;

import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.protocol.ProtocolPaths;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.server.control.UploadService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;

/** {@code POST /upload} and {@code GET /upload/status}, exactly as the existing IndexedCP clients speak them. */
@Path(ProtocolPaths.UPLOAD)
@RequestScoped
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {

    @Inject
    UploadService uploads;

    /** Any content type is taken as raw bytes: the clients send application/octet-stream, but not all say so. */
    @POST
    public ChunkReceipt upload(
            @HeaderParam(ProtocolHeaders.FILE_NAME) String fileName,
            @HeaderParam(ProtocolHeaders.CHUNK_INDEX) String chunkIndex,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            InputStream body) throws IOException {
        return uploads.receive(fileName, chunkIndex, parseLength(contentLength), body);
    }

    @GET
    @Path(ProtocolPaths.STATUS)
    public UploadStatus status(@QueryParam(ProtocolPaths.FILENAME_PARAM) String fileName) {
        return uploads.status(fileName);
    }

    /** -1 for a chunked body; the container has already refused a malformed Content-Length. */
    private static long parseLength(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
