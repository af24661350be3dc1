package io.indexedcp.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.protocol.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamedKeysTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));

    @Test
    void eachKeyFindsItsOwnCallerAndNoOther() throws IOException {
        String alice = ApiKeys.newKey();
        String bob = ApiKeys.newKey();
        NamedKeys keys = new NamedKeys(write("keys", line("alice", "uploader", alice), line("bob", "admin", bob)), clock);

        assertEquals(Optional.of(new Caller("alice", Role.UPLOADER)), keys.find(alice));
        assertEquals(Optional.of(new Caller("bob", Role.ADMIN)), keys.find(bob));
        assertEquals(Optional.empty(), keys.find(ApiKeys.newKey()));
        assertEquals(Optional.empty(), keys.find(alice + " "));
        assertEquals(Optional.empty(), keys.find(ApiKeys.sha256Hex(alice)), "the hash is not the key");
        assertEquals(Optional.empty(), keys.find(""));
        assertEquals(Optional.empty(), keys.find(null));
    }

    @Test
    void withoutAKeysFileNoKeyIsFound() {
        assertEquals(Optional.empty(), new NamedKeys().find("anything"));
        assertEquals(Optional.empty(), new NamedKeys(dir.resolve("absent"), clock).find("anything"));
    }

    @Test
    void aChangedFileIsReadAgainWithoutRestart() throws IOException {
        String alice = ApiKeys.newKey();
        String carol = ApiKeys.newKey();
        Path file = write("keys", line("alice", "uploader", alice));
        NamedKeys keys = new NamedKeys(file, clock);
        assertTrue(keys.find(alice).isPresent());

        write("keys", line("carol", "reader", carol));
        touch(file, 10);
        assertTrue(keys.find(alice).isPresent(), "looked at most once a second");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), keys.find(alice), "alice's line is gone");
        assertEquals(Optional.of(new Caller("carol", Role.READER)), keys.find(carol));
    }

    @Test
    void anUnchangedStampIsNotReadAgain() throws IOException {
        String alice = ApiKeys.newKey();
        String other = ApiKeys.newKey(); // same length, so the same size
        Path file = write("keys", line("alice", "uploader", alice));
        FileTime stamp = Files.getLastModifiedTime(file);
        NamedKeys keys = new NamedKeys(file, clock);

        write("keys", line("alice", "uploader", other));
        Files.setLastModifiedTime(file, stamp);
        clock.advance(Duration.ofSeconds(5));

        assertTrue(keys.find(alice).isPresent(), "same size, time and file: not read");
    }

    @Test
    void aVanishedOrUnreadableFileKeepsTheLastGoodKeys() throws IOException {
        String alice = ApiKeys.newKey();
        Path file = write("keys", line("alice", "uploader", alice));
        NamedKeys keys = new NamedKeys(file, clock);

        Files.delete(file);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(keys.find(alice).isPresent());

        Files.createDirectory(file); // exists, but cannot be read as lines
        clock.advance(Duration.ofSeconds(1));
        assertTrue(keys.find(alice).isPresent());

        Files.delete(file);
        String bob = ApiKeys.newKey();
        write("keys", line("bob", "admin", bob));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), keys.find(alice));
        assertEquals(Optional.of(new Caller("bob", Role.ADMIN)), keys.find(bob));
    }

    private static String line(String name, String role, String key) {
        return ApiKeys.keysFileLine(name, role, key);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), java.util.List.of(lines));
    }

    /** Moves the file's modification time on explicitly, whatever the file system's time resolution. */
    private static void touch(Path file, long seconds) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(seconds)));
    }
}
