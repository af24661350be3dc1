package io.indexedcp.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 proxy between a client under test and the real server, which misbehaves on cue.
 * Faults are queued per method and taken by the next matching requests in order; a request with
 * no fault queued passes through. It speaks one request per connection ({@code Connection: close}
 * both ways), which is all a client must cope with, and keeps a log of every request it saw.
 */
public final class FaultyProxy implements AutoCloseable {

    /** What to do with one request. */
    public sealed interface Fault {
    }

    /** Forward it and relay the answer. */
    public record Pass() implements Fault {
    }

    /** Read half of the body, then reset the connection: a network cut mid-chunk. */
    public record DropMidBody() implements Fault {
    }

    /** Answer with this status (and {@code Retry-After} if given) without asking the server. */
    public record Answer(int status, String retryAfter) implements Fault {
    }

    /** Forward it, and hold the server's answer back this long: the server did the work, the client may time out. */
    public record DelayAnswer(Duration delay) implements Fault {
    }

    /** Forward it with one byte of the body flipped (the middle one): damage in transit, which a digest catches. */
    public record CorruptBody() implements Fault {
    }

    /** Take the request and never answer (until the proxy closes, or {@link #HOLD_LIMIT}): a hung connection. */
    public record Hold() implements Fault {
    }

    /** One request as the proxy saw it; {@code status} is what the client got, -1 for none. */
    public record Seen(String method, String target, String fileName, Integer chunkIndex, int bodyBytes,
            String fault, int status) {

        public boolean isChunk() {
            return method.equals("POST") && chunkIndex != null;
        }

        public boolean isCompletion() {
            return method.equals("POST") && target.startsWith("/upload/complete");
        }
    }

    /** The longest a {@link Hold} holds: far beyond any test's own time-outs. */
    static final Duration HOLD_LIMIT = Duration.ofMinutes(10);

    private final ServerSocket listener;
    private final int targetPort;
    private final Deque<Fault> postFaults = new ConcurrentLinkedDeque<>();
    private final Deque<Fault> getFaults = new ConcurrentLinkedDeque<>();
    private final Deque<Fault> completeFaults = new ConcurrentLinkedDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Seen> held = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });

    public FaultyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        workers.execute(this::acceptLoop);
    }

    public URI uploadUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/upload");
    }

    public FaultyProxy onPost(Fault... faults) {
        postFaults.addAll(List.of(faults));
        return this;
    }

    public FaultyProxy onGet(Fault... faults) {
        getFaults.addAll(List.of(faults));
        return this;
    }

    /** Faults for {@code POST /upload/complete} alone; chunk POSTs do not take them (nor these the POST faults). */
    public FaultyProxy onComplete(Fault... faults) {
        completeFaults.addAll(List.of(faults));
        return this;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The chunk indexes of the chunk POSTs that reached the server and were answered 200, in order. */
    public List<Integer> chunksAcceptedByServer() {
        return seen.stream().filter(s -> s.isChunk() && s.status() == 200
                        && (s.fault().equals("Pass") || s.fault().equals("DelayAnswer")))
                .map(Seen::chunkIndex).toList();
    }

    /** The chunk POSTs seen, in order (completions left out). */
    public List<Seen> chunkPosts() {
        return seen.stream().filter(Seen::isChunk).toList();
    }

    /** The completion POSTs seen, in order. */
    public List<Seen> completions() {
        return seen.stream().filter(Seen::isCompletion).toList();
    }

    /** Blocks until a request arrives that a {@link Hold} fault swallowed. */
    public Seen awaitHeld(Duration timeout) throws InterruptedException {
        Seen s = held.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no request was held within " + timeout);
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        listener.close();
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                workers.execute(() -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private record Request(String method, String target, String requestLine, Map<String, String> headers,
            List<String> headerLines) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        int contentLength() {
            String value = header("Content-Length");
            return value == null ? 0 : Integer.parseInt(value.strip());
        }

        Integer chunkIndex() {
            String value = header("X-Chunk-Index");
            return value == null ? null : Integer.valueOf(value.strip());
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            Request request = readHead(in);
            if (request == null) {
                return;
            }
            Deque<Fault> queue = !request.method().equals("POST") ? getFaults
                    : request.target().startsWith("/upload/complete") ? completeFaults : postFaults;
            Fault fault = queue.pollFirst();
            if (fault == null) {
                fault = new Pass();
            }
            OutputStream out = client.getOutputStream();
            int length = request.contentLength();
            if (fault instanceof DropMidBody) {
                in.readNBytes(length / 2);
                record(request, length / 2, fault, -1);
                client.setSoLinger(true, 0);
            } else if (fault instanceof Answer answer) {
                in.readNBytes(length);
                // Logged before the client can see the answer, so a test that has its answer sees the log.
                record(request, length, fault, answer.status());
                out.write(answer(answer).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } else if (fault instanceof Hold) {
                byte[] body = in.readNBytes(length);
                held.add(record(request, body.length, fault, -1));
                // Bounded, so that a test that forgets to close the proxy cannot keep a thread for ever.
                closed.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } else if (fault instanceof CorruptBody) {
                byte[] body = in.readNBytes(length);
                if (body.length > 0) {
                    body[body.length / 2] ^= 0x5A;
                }
                byte[] response = forward(request, body);
                record(request, length, fault, statusOf(response));
                out.write(response);
                out.flush();
            } else if (fault instanceof DelayAnswer delay) {
                byte[] response = forward(request, in.readNBytes(length));
                record(request, length, fault, statusOf(response));
                Thread.sleep(delay.delay().toMillis());
                out.write(response);
                out.flush();
            } else {
                byte[] response = forward(request, in.readNBytes(length));
                record(request, length, fault, statusOf(response));
                out.write(response);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The client hung up or the proxy is closing: nothing to relay to anyone.
        }
    }

    private Seen record(Request request, int bodyBytes, Fault fault, int status) {
        Seen s = new Seen(request.method(), request.target(), request.header("X-File-Name"), request.chunkIndex(),
                bodyBytes, fault.getClass().getSimpleName(), status);
        seen.add(s);
        return s;
    }

    private static String answer(Answer answer) {
        String body = "{\"error\":\"injected by FaultyProxy\"}";
        return "HTTP/1.1 " + answer.status() + " Injected\r\n"
                + (answer.retryAfter() == null ? "" : "Retry-After: " + answer.retryAfter() + "\r\n")
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n\r\n" + body;
    }

    /** Sends the request on a connection of its own and returns the server's whole answer. */
    private byte[] forward(Request request, byte[] body) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            StringBuilder head = new StringBuilder(request.requestLine()).append("\r\n");
            for (String line : request.headerLines()) {
                String name = line.substring(0, line.indexOf(':')).strip();
                if (!name.equalsIgnoreCase("Connection") && !name.equalsIgnoreCase("Keep-Alive")) {
                    head.append(line).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream out = upstream.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return upstream.getInputStream().readAllBytes();
        }
    }

    private static int statusOf(byte[] response) {
        String head = new String(response, 0, Math.min(response.length, 20), StandardCharsets.ISO_8859_1);
        String[] parts = head.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    }

    private static Request readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) != -1) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
            previous = b;
            if (b == '\n') {
                previous = -1;
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        String[] requestLine = lines.get(0).split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> headerLines = lines.subList(1, lines.size());
        for (String header : headerLines) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        return new Request(requestLine[0], requestLine[1], lines.get(0), headers, List.copyOf(headerLines));
    }
}
