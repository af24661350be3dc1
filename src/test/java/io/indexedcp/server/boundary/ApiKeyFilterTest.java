package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

    @Test
    void theSchemeMatchesInAnyCase() {
        assertEquals("k3y", ApiKeyFilter.bearerToken("Bearer k3y"));
        assertEquals("k3y", ApiKeyFilter.bearerToken("bearer k3y"));
        assertEquals("k3y", ApiKeyFilter.bearerToken("BEARER k3y"));
        assertEquals("k3y", ApiKeyFilter.bearerToken("bEaReR   k3y"));
    }

    @Test
    void anythingElseHasNoToken() {
        assertNull(ApiKeyFilter.bearerToken(null));
        assertNull(ApiKeyFilter.bearerToken(""));
        assertNull(ApiKeyFilter.bearerToken("Bearer"));
        assertNull(ApiKeyFilter.bearerToken("Bearerk3y"));
        assertNull(ApiKeyFilter.bearerToken("Basic k3y"));
        assertNull(ApiKeyFilter.bearerToken("Bearerx k3y"));
        assertEquals("", ApiKeyFilter.bearerToken("Bearer "));
    }
}
