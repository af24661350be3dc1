package io.indexedcp.server.storage;

import java.nio.file.Path;

/** A {@link DiskChunkStorage} on a test's own directory, for tests outside this package. */
public final class TestStorage {

    private TestStorage() {
    }

    public static DiskChunkStorage at(Path outputDir) {
        return open(new DiskChunkStorage(), outputDir);
    }

    /** Opens {@code storage} (a subclass that holds or fails a step, say) on {@code outputDir}. */
    public static <S extends DiskChunkStorage> S open(S storage, Path outputDir) {
        storage.open(outputDir);
        return storage;
    }
}
