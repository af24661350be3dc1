package io.indexedcp.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}) with the shipped {@code server-config/nginx/nginx.conf},
 * only its ports moved: the front on a free loopback port, the three upstreams on the given nodes.
 * Shared by the scale-out test and the benchmark so both measure the configuration operators get.
 */
public record Nginx(Path prefix, Path conf, int port) implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/nginx");

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts nginx under {@code dir}/nginx in front of exactly three nodes; returns once it answers health. */
    public static Nginx start(Path dir, List<Integer> nodePorts) throws IOException, InterruptedException {
        if (nodePorts.size() != 3) {
            throw new IllegalArgumentException("the shipped configuration has three upstreams, not " + nodePorts.size());
        }
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String shipped = Files.readString(Path.of(System.getProperty("indexedcp.serverConfigDir"), "nginx", "nginx.conf"));
        String conf = shipped.replace("listen 127.0.0.1:8080;", "listen 127.0.0.1:" + port + ";");
        for (int i = 0; i < 3; i++) {
            conf = conf.replace("server 127.0.0.1:808" + (i + 1) + " ", "server 127.0.0.1:" + nodePorts.get(i) + " ");
        }
        if (conf.contains(":808")) {
            // The shipped file changed shape: better to fail than to proxy to whatever listens on 808x.
            throw new IllegalStateException("a port of the shipped nginx.conf was not replaced:\n" + conf);
        }
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        Nginx nginx = new Nginx(prefix, file, port);
        nginx.signal(null);
        nginx.awaitHealth();
        return nginx;
    }

    private void awaitHealth() throws IOException, InterruptedException {
        RawUploads health = new RawUploads(base(), null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (health.health().statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // nginx not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nginx did not answer health within 30 s; see " + prefix.resolve("logs"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The master's pid, from the pid file the configuration names. */
    public long masterPid() throws IOException {
        return Long.parseLong(Files.readString(prefix.resolve("nginx.pid")).trim());
    }

    /** Runs nginx with this prefix and configuration, with {@code -s signal} when given; waits for it. */
    void signal(String signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-p", prefix.toString(), "-c", conf.toString()));
        if (signal != null) {
            command.addAll(List.of("-s", signal));
        }
        Path runLog = prefix.resolve("logs/run.log");
        Process run = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runLog.toFile())).start();
        if (!run.waitFor(30, TimeUnit.SECONDS) || run.exitValue() != 0) {
            run.destroyForcibly();
            throw new IllegalStateException("nginx " + command + " failed: " + Files.readString(runLog));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        long pid = masterPid();
        signal("quit");
        ProcessHandle.of(pid).ifPresent(master -> master.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    }
}
