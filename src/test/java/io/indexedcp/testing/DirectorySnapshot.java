package io.indexedcp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every regular file under a directory with its SHA-256, to prove that a refused request changed
 * nothing on disk. SQLite's shared-memory index ({@code -shm}) is left out: reads touch it.
 */
public final class DirectorySnapshot {

    private DirectorySnapshot() {
    }

    public static Map<String, String> of(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith("-shm"))
                    .forEach(p -> {
                        try {
                            files.put(dir.relativize(p).toString(), Sha256.of(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return files;
    }
}
