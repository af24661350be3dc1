package io.indexedcp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The names a key or token may give a caller: safe as a directory name, and not {@code default}. */
class PrincipalNamesTest {

    @Test
    void safeNames() {
        for (String name : new String[] {"alice", "a", "alice.smith@example.org", "svc_backup-2", "A.B", "x".repeat(64),
            "-dash", "@at", "trailing."}) {
            assertTrue(PrincipalNames.isSafe(name), name);
        }
    }

    @Test
    void unsafeNames() {
        for (String name : new String[] {null, "", "default", ".", "..", ".hidden", "a/b", "a\\b", "a b", "a:b",
            "x".repeat(65), "é", "a\nb", "a*"}) {
            assertFalse(PrincipalNames.isSafe(name), String.valueOf(name));
        }
        assertTrue(PrincipalNames.isSafe("Default"), "only the exact reserved name is reserved");
    }

    @Test
    void theKeysFileLineCarriesTheSha256OfTheKey() {
        assertEquals("alice admin 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                ApiKeys.keysFileLine("alice", "admin", "foo"));
        assertEquals(64, ApiKeys.newKey().length());
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.keysFileLine("default", "admin", "k"));
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.keysFileLine("alice", "Admin", "k"));
    }
}
