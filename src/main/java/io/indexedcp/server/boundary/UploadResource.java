package io.indexedcp.server.boundary;

import io.indexedcp.protocol.CancelReceipt;
import io.indexedcp.protocol.ChunkReceipt;
import io.indexedcp.protocol.CompletionReceipt;
import io.indexedcp.protocol.CompletionRequest;
import io.indexedcp.protocol.ProtocolHeaders;
import io.indexedcp.protocol.ProtocolPaths;
import io.indexedcp.protocol.UploadStatus;
import io.indexedcp.server.control.CompletionService;
import io.indexedcp.server.control.UploadRemoval;
import io.indexedcp.server.control.UploadService;
import io.indexedcp.server.metrics.UploadMetrics;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/**
 * {@code POST /upload} and {@code GET /upload/status}, exactly as the existing IndexedCP clients
 * speak them, plus the optional protocol v2 additions: {@code X-Upload-Id} and
 * {@code Content-Digest} on chunks, {@code POST /upload/complete}, {@code DELETE /upload}.
 * {@code POST /upload} itself is answered by {@link ChunkPostFilter} before JAX-RS sees it; the
 * method here serves what the filter's mapping does not take ({@code POST /upload/}).
 */
@Path(ProtocolPaths.UPLOAD)
@RequestScoped
@ApiKeyRequired
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {

    @Inject
    UploadService uploads;

    @Inject
    CompletionService completions;

    @Inject
    UploadRemoval removal;

    @Inject
    DirectoryNameGuard directories;

    @Inject
    UploadMetrics metrics;

    @Inject
    RequestCaller caller;

    /** Any content type is taken as raw bytes: the clients send application/octet-stream, but not all say so. */
    @POST
    public ChunkReceipt upload(
            @HeaderParam(ProtocolHeaders.FILE_NAME) String fileName,
            @HeaderParam(ProtocolHeaders.FILE_NAME_EXT) String extendedFileName,
            @HeaderParam(ProtocolHeaders.CHUNK_INDEX) String chunkIndex,
            @HeaderParam(ProtocolHeaders.UPLOAD_ID) String uploadId,
            @HeaderParam(ProtocolHeaders.CONTENT_DIGEST) String contentDigest,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            InputStream body) throws IOException {
        OwnerAccess.requireWrite(caller.get());
        String name = ExtendedFileName.choose(fileName, extendedFileName);
        directories.refuseDirectory(caller.get().name(), name);
        return uploads.receive(caller.get().name(), new UploadService.ChunkHeaders(name, chunkIndex, uploadId, contentDigest,
                parseLength(contentLength)), body);
    }

    @GET
    @Path(ProtocolPaths.STATUS)
    public UploadStatus status(
            @QueryParam(ProtocolPaths.FILENAME_PARAM) String fileName,
            @QueryParam(ProtocolPaths.UPLOAD_ID_PARAM) String uploadId,
            @QueryParam(ProtocolPaths.DIGESTS_PARAM) boolean digests,
            @QueryParam(ProtocolPaths.OWNER_PARAM) String owner) {
        try (UploadMetrics.Timing timing = metrics.timeStatus()) {
            return uploads.status(OwnerAccess.ownerFor(caller.get(), owner), fileName, uploadId, digests);
        }
    }

    @POST
    @Path(ProtocolPaths.COMPLETE)
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionReceipt complete(CompletionRequest request, @QueryParam(ProtocolPaths.OWNER_PARAM) String owner)
            throws IOException {
        OwnerAccess.requireWrite(caller.get());
        String ownerName = OwnerAccess.ownerFor(caller.get(), owner);
        if (request != null) {
            directories.refuseDirectory(ownerName, request.filename());
        }
        return completions.complete(ownerName, request);
    }

    @DELETE
    public CancelReceipt cancel(
            @QueryParam(ProtocolPaths.FILENAME_PARAM) String fileName,
            @QueryParam(ProtocolPaths.UPLOAD_ID_PARAM) String uploadId,
            @QueryParam(ProtocolPaths.OWNER_PARAM) String owner) throws IOException {
        OwnerAccess.requireWrite(caller.get());
        removal.cancel(OwnerAccess.ownerFor(caller.get(), owner), fileName, uploadId);
        return new CancelReceipt(CancelReceipt.CANCELLED, fileName, uploadId);
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
