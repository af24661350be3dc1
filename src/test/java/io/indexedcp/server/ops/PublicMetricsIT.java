package io.indexedcp.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import io.indexedcp.testing.RawUploads;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code INDEXEDCP_METRICS_PUBLIC=true} an operator lets a scraper in without the key; the API still wants it. */
class PublicMetricsIT {

    @Test
    void metricsAnswerWithoutTheKeyWhenMadePublic() throws Exception {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir")).resolveSibling("metrics-it");
        Files.createDirectories(root);
        try (PayaraMicroProcess server = new PayaraMicroProcess(Files.createTempDirectory(root, "public-"), "public-key",
                Map.of("INDEXEDCP_METRICS_PUBLIC", "true")).start()) {
            RawUploads anonymous = new RawUploads(server.baseUri(), "not-the-key");
            HttpResponse<String> metrics = anonymous.send(HttpRequest.newBuilder(server.baseUri().resolve("metrics")).GET());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("indexedcp_uploads_in_progress{mp_scope=\"application\"} 0"),
                    metrics.body());
            assertEquals(401, anonymous.status("x.bin").statusCode());
        }
    }
}
