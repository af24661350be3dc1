package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkBodyStreamTest {

    private static final byte[] BODY = "the bytes of one chunk".getBytes();

    @Test
    void passesTheBytesThroughAndDigestsThem() throws Exception {
        ChunkBodyStream stream = new ChunkBodyStream(new ByteArrayInputStream(BODY), 1024, BODY.length);
        assertEquals(BODY.length, stream.readAllBytes().length);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY)), stream.sha256Hex());
    }

    @Test
    void acceptsAnUnknownLength() throws Exception {
        ChunkBodyStream stream = new ChunkBodyStream(new ByteArrayInputStream(BODY), 1024, -1);
        assertEquals(BODY.length, stream.readAllBytes().length);
    }

    @Test
    void refusesABodyShorterThanDeclared() {
        ChunkBodyStream stream = new ChunkBodyStream(new ByteArrayInputStream(BODY), 1024, BODY.length + 1);
        assertThrows(IncompleteBodyException.class, stream::readAllBytes);
    }

    @Test
    void refusesABodyOverTheMaximum() {
        ChunkBodyStream stream = new ChunkBodyStream(new ByteArrayInputStream(BODY), BODY.length - 1, -1);
        assertThrows(ChunkTooLargeException.class, stream::readAllBytes);
    }

    @Test
    void aFailingConnectionIsAnIncompleteBody() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        ChunkBodyStream stream = new ChunkBodyStream(broken, 1024, 10);
        assertThrows(IncompleteBodyException.class, stream::readAllBytes);
    }
}
