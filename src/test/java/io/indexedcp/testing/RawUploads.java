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

    public RawUploads(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public HttpResponse<String> sendChunk(String fileName, int index, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("upload"))
                .header("Authorization", "Bearer " + apiKey)
                .header("X-File-Name", fileName)
                .header("X-Chunk-Index", Integer.toString(index))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpResponse<String> status(String fileName) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("upload/status?filename="
                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + apiKey)
                .GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
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
