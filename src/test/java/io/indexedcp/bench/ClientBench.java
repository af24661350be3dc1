package io.indexedcp.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The project's own CLI ({@code java <the launcher's default JVM options> -jar indexedcp-cli.jar upload}) uploading 1 GiB with {@code --parallel 1} and with {@code --parallel 4} (chunks of the file in
 * flight over four connections at once), then 10 GiB with {@code --parallel 4} once, for memory that
 * grows with the file ({@code -Dbench.client10g=false} skips it).
 * Wall time includes JVM start and the client's buffering of the file. Peak memory is each process's
 * maximum resident set, from {@code /usr/bin/time} (GNU time, %M). The jar is {@code bench.cliJar}
 * if set, else the project's {@code target/indexedcp-cli.jar} when it holds the client.
 */
final class ClientBench {

    private static final String MAIN = "io/indexedcp/client/cli/IndexedCpCommand.class";

    /** The launcher's default JVM options, read from it, so that the figures are those of a default install. */
    static final List<String> JVM_OPTIONS = launcherDefaults(Path.of("src/main/scripts/indexedcp"));

    static List<String> launcherDefaults(Path launcher) {
        try {
            Matcher defaults = Pattern.compile("\\$\\{INDEXEDCP_JAVA_OPTS:-([^}]*)}").matcher(Files.readString(launcher));
            if (!defaults.find()) {
                throw new IllegalStateException("no ${INDEXEDCP_JAVA_OPTS:-...} default in " + launcher);
            }
            return List.of(defaults.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ClientBench() {
    }

    static void run(Benchmark bench, Results results, URI base, String apiKey, Path dir, long bytes) throws Exception {
        Path jar = cliJar();
        if (jar == null) {
            Benchmark.log("client: no CLI jar holding " + MAIN + " (set -Dbench.cliJar=...); client figures skipped");
            return;
        }
        Benchmark.log("client: " + jar);
        int runs = Integer.getInteger("bench.clientRuns", 1);
        String jvm = String.join(" ", JVM_OPTIONS);
        Path work = dir.resolve("client");
        Files.createDirectories(work);
        Path whole = source(work.resolve("client-1g.bin"), bytes, bench);
        double[] p1 = new double[runs];
        List<Double> p1Peaks = new ArrayList<>();
        double[] p4 = new double[runs];
        List<Double> p4Peaks = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            p1Peaks.addAll(cli(jar, base, apiKey, work, List.of(whole), 1, bench));
            p1[r] = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            p4Peaks.addAll(cli(jar, base, apiKey, work, List.of(whole), 4, bench));
            p4[r] = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
        results.add(Results.measured("client: CLI uploads 1 GiB, --parallel 1", p1, "MB/s", "ingest.1g",
                "≥ 80% of server ingest", v -> v >= 0.80).also("discard.1g").also("client.python"), "client.p1");
        results.add(Results.measured("client: CLI uploads 1 GiB, --parallel 4", p4, "MB/s",
                "ingest.4x", "≥ 80% of server ingest", v -> v >= 0.80).also("discard.4x256").also("client.python"),
                "client.p4");
        Results.Row m1 = results.add(Results.memory("client peak RSS, 1 GiB, --parallel 1 (" + jvm + ")",
                p1Peaks.stream().mapToDouble(Double::doubleValue).toArray(), null), "client.rss.p1");
        m1.target = "< 150 MiB";
        m1.check = v -> v < 150;
        Results.Row m4 = results.add(Results.memory("client peak RSS, 1 GiB, --parallel 4 (" + jvm + ")",
                p4Peaks.stream().mapToDouble(Double::doubleValue).toArray(), null), "client.rss.p4");
        m4.target = "< 150 MiB";
        m4.check = v -> v < 150;
        if (Boolean.parseBoolean(System.getProperty("bench.client10g", "true"))) {
            long ten = 10 * bytes;
            Path large = source(work.resolve("client-10g.bin"), ten, bench);
            long start = System.nanoTime();
            List<Double> peak = cli(jar, base, apiKey, work, List.of(large), 4, bench);
            double rate = ten / 1e6 / ((System.nanoTime() - start) / 1e9);
            Files.delete(large);
            results.add(Results.measured("client: CLI uploads 10 GiB, --parallel 4 (one run)", new double[] {rate}, "MB/s",
                    "ingest.4x", "≥ 80% of server ingest", v -> v >= 0.80), "client.10g");
            Results.Row m10 = results.add(Results.memory("client peak RSS, 10 GiB, --parallel 4 (" + jvm + ")",
                    peak.stream().mapToDouble(Double::doubleValue).toArray(), null), "client.rss.10g");
            m10.target = "< 150 MiB";
            m10.check = v -> v < 150;
        }
    }

    /** Runs one CLI process per file, all at once; returns each one's peak RSS in MiB. */
    private static List<Double> cli(Path jar, URI base, String apiKey, Path work, List<Path> files, int parallel,
            Benchmark bench)
            throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Path> timeFiles = new ArrayList<>();
        for (Path file : files) {
            Path buffer = work.resolve(file.getFileName() + ".buffer.db");
            Path time = work.resolve(file.getFileName() + ".time");
            Files.deleteIfExists(buffer);
            timeFiles.add(time);
            List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M %e", "-o", time.toString(),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(JVM_OPTIONS);
            command.addAll(List.of("-jar", jar.toString(), "upload", "--server", base.resolve("upload").toString(), "--buffer", buffer.toString(),
                    "--parallel", Integer.toString(parallel), file.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(file.getFileName() + ".log").toFile());
            builder.environment().put("INDEXEDCP_API_KEY", apiKey);
            processes.add(builder.start());
        }
        List<Double> peaks = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.waitFor(1800, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the CLI did not finish within 1800 s; see " + work);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the CLI exited with " + p.exitValue() + "; see " + work);
            }
            String[] time = Files.readString(timeFiles.get(i)).trim().split("\\s+");
            peaks.add(Math.round(Long.parseLong(time[time.length - 2]) / 102.4) / 10.0);
        }
        for (Path file : files) {
            bench.cancel(file.getFileName().toString());
            Files.deleteIfExists(work.resolve(file.getFileName() + ".buffer.db"));
        }
        return peaks;
    }

    /** The file to upload, made once with fixed pseudo-random bytes and kept for the next client rows. */
    static Path source(Path file, long bytes, Benchmark bench) throws IOException {
        if (Files.exists(file) && Files.size(file) == bytes) {
            return file;
        }
        byte[] block = new byte[1 << 20];
        new java.util.Random(7).nextBytes(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (long done = 0; done < bytes; ) {
                int n = (int) Math.min(block.length, bytes - done);
                block[0] = (byte) (done >> 20);
                done += out.write(ByteBuffer.wrap(block, 0, n));
            }
            // On the disk before the first upload starts: else the kernel writes the new file back while the
            // first CLI run reads it, and that run's server syncs queue behind the writeback. A user's file is
            // not usually one written a moment before.
            out.force(true);
        }
        return file;
    }

    private static Path cliJar() {
        for (String property : List.of("bench.cliJar", "indexedcp.cliJar")) {
            String value = System.getProperty(property, "");
            if (!value.isEmpty() && Files.isRegularFile(Path.of(value)) && holdsClient(Path.of(value))) {
                return Path.of(value);
            }
        }
        return null;
    }

    private static boolean holdsClient(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(MAIN) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
