package io.indexedcp.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python client stand-in ({@code bench/python_client.py}: the whole file buffered in SQLite,
 * then one chunk at a time with {@code requests}, each deleted from the buffer after its 200)
 * uploading the same 1 GiB file as {@link ClientBench} to the same server, under GNU time for its
 * wall time (buffering included, as for the CLI) and peak RSS. The CLI rows show their ratio to it.
 */
final class PythonClientBench {

    static final Path SCRIPT = Path.of("bench/python_client.py");

    private PythonClientBench() {
    }

    static void run(Benchmark bench, Results results, URI base, String apiKey, Path dir, long bytes) throws Exception {
        if (!hasRequests()) {
            Benchmark.log("pyclient: python3 cannot import requests (pip install requests); Python client row skipped");
            return;
        }
        Path work = dir.resolve("client");
        Files.createDirectories(work);
        Path file = ClientBench.source(work.resolve("client-1g.bin"), bytes, bench);
        int runs = Integer.getInteger("bench.clientRuns", 1);
        double[] rates = new double[runs];
        double[] peaks = new double[runs];
        for (int r = 0; r < runs; r++) {
            Path buffer = work.resolve("python-client.buffer.db");
            Path time = work.resolve("python-client.time");
            Path log = work.resolve("python-client.log");
            Files.deleteIfExists(buffer);
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/time", "-f", "%M %e", "-o", time.toString(), "python3",
                    SCRIPT.toString(), "--server", base.resolve("upload").toString(), "--buffer", buffer.toString(),
                    "--chunk-size", Long.toString(Benchmark.MiB), file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("INDEXCP_API_KEY", apiKey);
            long start = System.nanoTime();
            Process p = builder.start();
            if (!p.waitFor(1800, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the Python client did not finish within 1800 s; see " + log);
            }
            rates[r] = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the Python client exited with " + p.exitValue() + "; see " + log);
            }
            String[] fields = Files.readString(time).trim().split("\\s+");
            peaks[r] = Math.round(Long.parseLong(fields[fields.length - 2]) / 102.4) / 10.0;
            bench.cancel(file.getFileName().toString());
            Files.deleteIfExists(buffer);
        }
        results.add(Results.reference("client: Python client stand-in uploads 1 GiB (SQLite buffer, requests, one connection)",
                "client.python", rates, "MB/s").vs("ingest.1g"));
        results.add(Results.memory("Python client stand-in peak RSS, 1 GiB", peaks, null), "client.rss.python");
    }

    /** Whether python3 can import requests (not in Python's standard library). */
    private static boolean hasRequests() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import requests").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
