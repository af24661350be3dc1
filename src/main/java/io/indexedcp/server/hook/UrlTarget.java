package io.indexedcp.server.hook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A POST of the JSON; any 2xx answer is a delivery. */
final class UrlTarget implements HookTarget {

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    UrlTarget(String url) {
        this.url = URI.create(url);
    }

    @Override
    public Optional<String> deliver(String payload, Duration timeout) throws InterruptedException {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + answer.statusCode());
        } catch (IOException e) {
            return Optional.of(e.toString());
        }
    }

    @Override
    public String describe() {
        return "posted to " + url;
    }
}
