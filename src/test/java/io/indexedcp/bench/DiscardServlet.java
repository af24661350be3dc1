package io.indexedcp.bench;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Benchmark-only: the ceiling of "Payara Micro reads a request body". {@code POST} reads the body
 * into a reused buffer and throws it away; {@code GET} answers a tiny JSON body at once. Deployed
 * in its own WAR at {@code /discard}, never in the product.
 */
@WebServlet(urlPatterns = "/*")
public class DiscardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The same read size as the server's staging loop (DiskChunkStorage.BUFFER_BYTES). */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[256 * 1024]);

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] buffer = BUFFER.get();
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
            }
        }
        answer(response, "{\"discarded\":" + total + "}");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, "{\"filename\":\"x\",\"receivedChunks\":[]}");
    }

    private static void answer(HttpServletResponse response, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        response.setStatus(200);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
