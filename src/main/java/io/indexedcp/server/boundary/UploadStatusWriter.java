package io.indexedcp.server.boundary;

import io.indexedcp.protocol.UploadStatus;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes status answers with the JSON-P streaming generator: a status can list a hundred
 * thousand chunks, which general object binding serialises an order of magnitude slower (and
 * hashes the whole list on the way). Same JSON as binding would give, absent fields left out.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class UploadStatusWriter implements MessageBodyWriter<UploadStatus> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == UploadStatus.class;
    }

    @Override
    public void writeTo(UploadStatus status, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject();
            json.write("filename", status.filename());
            json.writeStartArray("receivedChunks");
            for (int index : status.receivedChunks()) {
                json.write(index);
            }
            json.writeEnd();
            if (status.uploadId() != null) {
                json.write("uploadId", status.uploadId());
            }
            if (status.complete() != null) {
                json.write("complete", status.complete());
            }
            if (status.actualFilename() != null) {
                json.write("actualFilename", status.actualFilename());
            }
            if (status.size() != null) {
                json.write("size", status.size());
            }
            if (status.sha256() != null) {
                json.write("sha256", status.sha256());
            }
            if (status.chunks() != null) {
                json.writeStartArray("chunks");
                for (UploadStatus.ChunkDigest chunk : status.chunks()) {
                    json.writeStartObject()
                            .write("index", chunk.index())
                            .write("size", chunk.size())
                            .write("digest", chunk.digest())
                            .writeEnd();
                }
                json.writeEnd();
            }
            json.writeEnd();
        }
    }
}
