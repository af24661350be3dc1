package io.indexedcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.client.buffer.BufferedFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BufferedNamesTest {

    private static BufferedFile file(long id, String clientName) {
        String path = Path.of(clientName).toAbsolutePath().normalize().toString();
        return new BufferedFile(id, path, clientName, 1, Instant.EPOCH, 1, 1, 1, 1, Optional.empty(), "u" + id, null, 0);
    }

    private final List<BufferedFile> files = List.of(file(1, "x.bin"), file(2, "other/x.bin"), file(3, "/data/报告 2026.pdf"),
            file(4, "a/y.bin"), file(5, "b/y.bin"));

    @Test
    void theNameAsAddedWinsOverABaseNameThatFitsSeveral() {
        assertEquals(1, BufferedNames.find(files, "x.bin").id());
        assertEquals(2, BufferedNames.find(files, "other/x.bin").id());
    }

    @Test
    void aPathOrABaseNameFindsTheFile() {
        assertEquals(2, BufferedNames.find(files, Path.of("other/x.bin").toAbsolutePath().toString()).id());
        assertEquals(3, BufferedNames.find(files, "报告 2026.pdf").id());
    }

    @Test
    void anUnknownOrAmbiguousNameIsRefusedWithAReason() {
        assertEquals("not in the buffer: z.bin",
                assertThrows(NotInBufferException.class, () -> BufferedNames.find(files, "z.bin")).getMessage());
        String ambiguous = assertThrows(NotInBufferException.class, () -> BufferedNames.find(files, "y.bin")).getMessage();
        assertTrue(ambiguous.startsWith("y.bin fits several buffered files (a/y.bin, b/y.bin)"), ambiguous);
    }
}
