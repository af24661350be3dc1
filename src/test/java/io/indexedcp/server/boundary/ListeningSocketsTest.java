package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    @Test
    void aSocketThisProcessListensOnIsFoundWithItsAddressAndGoneOnceClosed() throws Exception {
        InetSocketAddress expected;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            expected = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            assertTrue(ListeningSockets.ofThisProcess().contains(expected), ListeningSockets.ofThisProcess().toString());
        }
        assertFalse(ListeningSockets.ofThisProcess().contains(expected));
    }

    @Test
    void theBannerGivesAUrlAUserCanOpen() {
        assertEquals("http://127.0.0.1:8080/",
                StartupBanner.url(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080), OptionalInt.empty()));
        assertEquals("http://localhost:8080/ (all interfaces)", StartupBanner.url(new InetSocketAddress(8080), OptionalInt.empty()));
    }
}
