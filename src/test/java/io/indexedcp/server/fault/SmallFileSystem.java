package io.indexedcp.server.fault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few MiB that the test mounts, fills and frees: a real ENOSPC from the kernel, not a
 * simulated one. Mounting needs root; where it is impossible the test is skipped with the reason.
 */
final class SmallFileSystem implements AutoCloseable {

    private final Path mountPoint;

    private SmallFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code sizeMiB} at {@code mountPoint} (created), or skips the test. */
    static SmallFileSystem mount(Path mountPoint, int sizeMiB) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String uid = run(List.of("id", "-u")).output().strip();
        assumeTrue("0".equals(uid), "disk-full fault skipped: mounting a small tmpfs needs root (uid is " + uid + ")");
        Result mounted = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m", "tmpfs", mountPoint.toString()));
        assumeTrue(mounted.exit() == 0, "disk-full fault skipped: cannot mount a tmpfs at " + mountPoint + ": "
                + mounted.output().strip());
        return new SmallFileSystem(mountPoint);
    }

    Path root() {
        return mountPoint;
    }

    /**
     * Writes {@code filler} until the file system refuses another byte (ENOSPC): 1 MiB blocks, then
     * 4 KiB (tmpfs allocates pages). Returns the bytes written.
     */
    static long fill(Path filler) throws IOException {
        long written = 0;
        try (FileOutputStream out = new FileOutputStream(filler.toFile())) {
            for (int block : new int[] {1 << 20, 1 << 12, 1}) {
                byte[] bytes = new byte[block];
                try {
                    while (true) {
                        out.write(bytes);
                        written += block;
                    }
                } catch (IOException full) {
                    // ENOSPC at this block size: go on with the next, smaller one
                }
            }
        } catch (IOException closeOnFullDisk) {
            // nothing left to flush matters: the point is that the disk is full
        }
        return written;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Result unmounted = run(List.of("umount", mountPoint.toString()));
        if (unmounted.exit() != 0) {
            // Something (a killed server's file still open by a dying process?) holds it: detach lazily.
            run(List.of("umount", "-l", mountPoint.toString()));
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish within 30 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
