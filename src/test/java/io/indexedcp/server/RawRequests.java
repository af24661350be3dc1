package io.indexedcp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.x requests written byte for byte over a socket, for what the JDK's HTTP client cannot
 * send: odd transfer codings, HTTP/1.0, repeated headers, bodies cut short.
 */
final class RawRequests {

    private RawRequests() {
    }

    /** The first answer on the connection; {@code raw} is everything the server sent (possibly nothing). */
    record Answer(int status, String head, String body, String raw) {

        /** The value of a header of the first answer, or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT)
                        .equals(name.toLowerCase(Locale.ROOT))) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /** Sends the request, half-closes the connection and reads until the server closes it. */
    static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.shutdownOutput();
            } catch (IOException closedByServer) {
                // a refusal may close the connection before the whole request is written; read what came
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    static Answer exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // what arrived before the reset or the time-out is the answer
        }
        return all.toByteArray();
    }

    private static Answer parse(byte[] bytes) {
        String raw = new String(bytes, StandardCharsets.UTF_8);
        if (!raw.startsWith("HTTP/")) {
            return new Answer(-1, "", "", raw);
        }
        int endOfHead = raw.indexOf("\r\n\r\n");
        String head = endOfHead < 0 ? raw : raw.substring(0, endOfHead);
        String rest = endOfHead < 0 ? "" : raw.substring(endOfHead + 4);
        int status = Integer.parseInt(raw.substring(9, 12));
        Answer first = new Answer(status, head, rest, raw);
        String length = first.header("Content-Length");
        if (length != null && Integer.parseInt(length) <= rest.length()) {
            rest = rest.substring(0, Integer.parseInt(length));
        }
        return new Answer(status, head, rest, raw);
    }
}
