package io.indexedcp.server.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving end of the completion hook: records every POST's body and answers 503 to the first
 * {@code failures} POSTs about one file name, 200 to everything else.
 */
final class HookReceiver implements AutoCloseable {

    private final HttpServer http;
    private final List<String> bodies = new ArrayList<>();

    HookReceiver(String failingName, int failures) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int seen;
            synchronized (bodies) {
                bodies.add(body);
                seen = (int) bodies.stream().filter(b -> b.contains("\"name\":\"" + failingName + "\"")).count();
                bodies.notifyAll();
            }
            boolean fail = body.contains("\"name\":\"" + failingName + "\"") && seen <= failures;
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
    }

    /** The bodies about that name once there are {@code count} of them (bounded wait). */
    List<String> awaitPosts(String name, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (bodies) {
            while (true) {
                List<String> about = bodies.stream().filter(b -> b.contains("\"name\":\"" + name + "\"")).toList();
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (about.size() >= count || left <= 0) {
                    return about;
                }
                bodies.wait(left);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
