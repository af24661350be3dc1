package io.indexedcp.server.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Connections that send valid chunk headers ({@code Content-Length: 1000000}) and then trickle the
 * body at one byte per second per connection, from one thread: load, not a test of the client.
 */
final class SlowBodies implements AutoCloseable {

    static final int CONTENT_LENGTH = 1_000_000;

    private final List<Socket> sockets = new ArrayList<>();
    private final boolean[] cut;
    private final Thread trickler;
    private final CountDownLatch secondRound = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile int bytesPerConnection;

    SlowBodies(int port, String apiKey, int connections) throws IOException {
        cut = new boolean[connections];
        for (int i = 0; i < connections; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(100);
            socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + apiKey
                    + "\r\nX-File-Name: slow-" + i + ".bin\r\nX-Chunk-Index: 0\r\nContent-Type: application/octet-stream"
                    + "\r\nContent-Length: " + CONTENT_LENGTH + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            sockets.add(socket);
        }
        trickler = new Thread(this::trickle, "slow-bodies");
        trickler.setDaemon(true);
        trickler.start();
    }

    /** Returns once every connection has sent two body bytes, a second apart: the server has them all in hand. */
    boolean awaitEstablished(long timeoutSeconds) throws InterruptedException {
        return secondRound.await(timeoutSeconds, TimeUnit.SECONDS);
    }

    private void trickle() {
        int round = 0;
        while (running) {
            for (int i = 0; i < sockets.size(); i++) {
                if (cut[i]) {
                    continue;
                }
                try {
                    OutputStream out = sockets.get(i).getOutputStream();
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    cut[i] = true; // the server closed it: its answer, if any, is read at the end
                }
            }
            bytesPerConnection = ++round;
            if (round == 2) {
                secondRound.countDown();
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // the pace of the load, not a synchronisation
        }
    }

    int bytesPerConnection() {
        return bytesPerConnection;
    }

    /** Stops trickling; returns how many connections got which first answer line (or none) meanwhile. */
    Map<String, Integer> stopAndCollectAnswers() throws InterruptedException {
        running = false;
        trickler.join(5_000);
        Map<String, Integer> answers = new TreeMap<>();
        for (Socket socket : sockets) {
            answers.merge(firstLine(socket), 1, Integer::sum);
        }
        return answers;
    }

    private static String firstLine(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\r' && b != '\n' && line.length() < 100) {
                line.append((char) b);
            }
            return line.length() == 0 ? "closed without an answer" : line.toString();
        } catch (SocketTimeoutException e) {
            return "no answer (still reading the body)";
        } catch (IOException e) {
            return "reset (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
