package io.indexedcp.server.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Each fault test's own directory under target/fault-it: its server's output, runtime and any mount. */
final class FaultWorkDirs {

    private FaultWorkDirs() {
    }

    static Path fresh(String fault) throws IOException {
        Path root = Path.of(System.getProperty("indexedcp.it.outputDir", "target/it-uploads")).toAbsolutePath()
                .resolveSibling("fault-it");
        Files.createDirectories(root);
        return Files.createTempDirectory(root, fault + "-");
    }
}
