package io.indexedcp.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code indexedcp keygen}, run in-process: the key, its keys-file line, and names and roles refused. */
class KeygenCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsTheKeyThenTheLineWithItsSha256() throws Exception {
        assertEquals(ExitCodes.OK, run("keygen", "alice"));

        String[] lines = out.toString().split("\\R");
        assertEquals(2, lines.length, out.toString());
        String key = lines[0];
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        String sha256 = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        assertEquals("alice uploader " + sha256, lines[1]);
        assertTrue(err.toString().contains("shown only now"), err.toString());
    }

    @Test
    void theRoleIsOnTheLineAndEachKeyIsNew() {
        assertEquals(ExitCodes.OK, run("keygen", "ops@example.org", "--role", "admin"));
        assertEquals(ExitCodes.OK, run("keygen", "ops@example.org", "--role=reader"));

        String[] lines = out.toString().split("\\R");
        assertTrue(lines[1].startsWith("ops@example.org admin "), lines[1]);
        assertTrue(lines[3].startsWith("ops@example.org reader "), lines[3]);
        assertNotEquals(lines[0], lines[2]);
    }

    @Test
    void unsafeNamesAndUnknownRolesAreUsageErrors() {
        for (String name : new String[] {"default", "../x", ".hidden", "a b", "x".repeat(65)}) {
            assertEquals(ExitCodes.USAGE, run("keygen", name), name);
        }
        assertEquals(ExitCodes.USAGE, run("keygen", "alice", "--role", "root"));
        assertEquals(ExitCodes.USAGE, run("keygen"));
        assertEquals("", out.toString(), "no key printed for a refused command");
        assertTrue(err.toString().contains("--role must be one of uploader, admin, reader"), err.toString());
    }

    private int run(String... args) {
        return IndexedCpCommand.run(args, Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
