package io.indexedcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BarProgressTest {

    @Test
    void theFileNameIsNotGluedToTheRate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BarProgress bar = new BarProgress(new PrintStream(out, true, StandardCharsets.UTF_8))) {
            bar.fileStarted("stty30b.bin", 30, 30L << 20);
            bar.chunkSent("stty30b.bin", 0, 15 << 20);
        }
        String drawn = out.toString(StandardCharsets.UTF_8);

        assertTrue(drawn.contains(" stty30b.bin"), drawn);
        assertFalse(drawn.contains("/sstty30b.bin"), drawn);
        assertFalse(drawn.contains("MiBstty30b.bin"), drawn);
    }
}
