package io.indexedcp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's server command stops its server when Maven is stopped, and says nothing about it. */
class ForegroundServerTest {

    @Test
    void sigtermToTheParentStopsTheServerQuietly(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("output.txt");
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ForegroundServer.class.getName(), "sleep", "600")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            ProcessHandle server = childOf(parent, Duration.ofSeconds(30));

            parent.destroy(); // SIGTERM, as `kill <maven pid>` or a service manager sends it

            assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the parent ends");
            assertTrue(server.onExit().get(30, TimeUnit.SECONDS) != null);
            assertFalse(server.isAlive(), "no server is left behind");
            assertEquals(143, parent.exitValue());
            assertEquals("", Files.readString(output), "no stack trace, nothing at all");
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    private static ProcessHandle childOf(Process parent, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<ProcessHandle> child = parent.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            assertTrue(parent.isAlive(), "the parent died before starting its child");
            Thread.sleep(20); // polling for a process that has no other way to announce itself; bounded above
        }
        throw new AssertionError("no child process within " + timeout + ": " + List.of(parent.info()));
    }
}
