package io.indexedcp.client.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.indexedcp.client.IndexedCpClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffer's writer lock between clients of one JVM (the CLI's integration test covers two
 * processes): a second writer is turned away after its bounded wait, or gets the lock once the
 * first lets go.
 */
class BufferLockTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path db;
    private ChunkBuffer buffer;

    @BeforeEach
    void open() {
        db = dir.resolve("buffer.db");
        buffer = ChunkBuffer.open(db);
    }

    @AfterEach
    void close() {
        buffer.close();
    }

    @Test
    void aSecondWriterIsTurnedAwayAfterItsWaitWithOneLineNamingTheBuffer() {
        try (BufferLock held = buffer.lock(Duration.ZERO)) {
            BufferBusyException e = assertTimeoutPreemptively(BOUND,
                    () -> assertThrows(BufferBusyException.class, () -> buffer.lock(Duration.ofMillis(200))));
            assertEquals("another client in this process is using the buffer " + db.toAbsolutePath()
                    + " (waited 200 ms): try again once it has finished", e.getMessage());
        }
        buffer.lock(Duration.ZERO).close();
    }

    @Test
    void anotherNameOfTheSameFileSharesTheLockAndAnotherBufferDoesNot() {
        try (BufferLock held = buffer.lock(Duration.ZERO);
                ChunkBuffer sameFile = ChunkBuffer.open(dir.resolve("sub/../buffer.db"));
                ChunkBuffer other = ChunkBuffer.open(dir.resolve("other.db"))) {
            assertThrows(BufferBusyException.class, () -> sameFile.lock(Duration.ZERO));
            other.lock(Duration.ZERO).close();
        }
    }

    @Test
    void aWaitingWriterGetsTheLockOnceTheFirstLetsGo() throws Exception {
        BufferLock held = buffer.lock(Duration.ZERO);
        CountDownLatch trying = new CountDownLatch(1);
        CompletableFuture<BufferLock> second = CompletableFuture.supplyAsync(() -> {
            trying.countDown();
            return buffer.lock(BOUND);
        });
        assertEquals(true, trying.await(BOUND.toSeconds(), TimeUnit.SECONDS));
        held.close();

        second.get(BOUND.toSeconds(), TimeUnit.SECONDS).close();
    }

    @Test
    void twoClientsOnOneBufferFileDoNotWriteAtOnce() throws Exception {
        Path file = Files.write(dir.resolve("x.bin"), new byte[] {1, 2, 3});
        try (IndexedCpClient client = IndexedCpClient.builder().bufferPath(db).bufferLockWait(Duration.ofMillis(100))
                .build()) {
            try (BufferLock otherClient = buffer.lock(Duration.ZERO)) {
                assertThrows(BufferBusyException.class, () -> client.addFile(file, URI.create("http://127.0.0.1:1/upload")));
                assertThrows(BufferBusyException.class, client::clearBuffer);
                assertEquals(List.of(), client.listBufferedFiles(), "reading needs no lock");
            }
            assertEquals(1, client.addFile(file, URI.create("http://127.0.0.1:1/upload")));
        }
    }
}
