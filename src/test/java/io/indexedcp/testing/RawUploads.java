package io.indexedcp.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plain protocol spoken with the JDK's HTTP client, exactly as the existing Python and Node
 * clients send it: no library of ours in between, so a test sees what an old client sees.
 */
public final class RawUploads {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String apiKey;
    private final Duration requestTimeout;

    public RawUploads(URI base, String apiKey) {
        this(base, apiKey, Duration.ofSeconds(60));
    }

    /** With a shorter bound on each answer: for fault tests, where a hang is the failure to see. */
    public RawUploads(URI base, String apiKey, Duration requestTimeout) {
        this.base = base;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
    }

    public HttpResponse<String> sendChunk(String fileName, int index, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("upload"))
                .header("Authorization", "Bearer " + apiKey)
                .header("X-File-Name", fileName)
                .header("X-Chunk-Index", Integer.toString(index))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A chunk of a v2 upload: with {@code X-Upload-Id} and a {@code Content-Digest} (possibly a wrong one). */
    public HttpResponse<String> sendChunk(String fileName, String uploadId, int index, byte[] body, String digest)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("upload"))
                .header("Authorization", "Bearer " + apiKey)
                .header("X-File-Name", fileName)
                .header("X-Chunk-Index", Integer.toString(index))
                .header("X-Upload-Id", uploadId)
                .header("Content-Digest", digest)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpResponse<String> complete(String fileName, String uploadId, int totalChunks, long totalSize,
            String sha256) throws IOException, InterruptedException {
        String json = "{\"filename\":\"" + fileName + "\",\"uploadId\":\"" + uploadId + "\",\"totalChunks\":"
                + totalChunks + ",\"totalSize\":" + totalSize + ",\"sha256\":\"" + sha256 + "\"}";
        return send(HttpRequest.newBuilder(base.resolve("upload/complete"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> status(String fileName, String uploadId) throws IOException, InterruptedException {
        return get("upload/status?filename=" + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                + "&uploadId=" + uploadId);
    }

    public HttpResponse<String> cancel(String fileName, String uploadId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("upload?filename="
                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8) + "&uploadId=" + uploadId))
                .header("Authorization", "Bearer " + apiKey)
                .DELETE());
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .header("Authorization", "Bearer " + apiKey)
                .GET());
    }

    /** RFC 9530 {@code Content-Digest} of some bytes. */
    public static String digestOf(byte[] bytes) {
        try {
            return "sha-256=:" + java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes)) + ":";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> status(String fileName) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("upload/status?filename="
                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + apiKey)
                .GET());
    }

    /** {@code GET /health/ready}, without the key (as a load balancer asks it). */
    public HttpResponse<String> health() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("health/ready")).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data cut into chunks of {@code chunkSize}; the last one may be shorter. */
    public static List<byte[]> chunks(byte[] data, int chunkSize) {
        List<byte[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < data.length; offset += chunkSize) {
            chunks.add(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + chunkSize)));
        }
        return chunks;
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }
}
