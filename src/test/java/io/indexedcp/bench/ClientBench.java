package io.indexedcp.bench;

import java.net.URI;
import java.nio.file.Path;

/** The project's own CLI uploading 1 GiB; needs the client (branch client) merged. */
final class ClientBench {

    private ClientBench() {
    }

    static void run(Benchmark bench, Results results, URI base, String apiKey, Path dir, long bytes) throws Exception {
        Benchmark.log("client: not available on this branch yet (needs the client library and CLI)");
    }
}
