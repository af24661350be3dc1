package io.indexedcp.server.identity;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.protocol.ApiKeys;
import io.indexedcp.protocol.PrincipalNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyLinesTest {

    private static final String ALICE_KEY = "alice-key";
    private static final String BOB_KEY = "bob-key";

    private final Logger logger = Logger.getLogger(KeyLines.class.getName());
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    @Test
    void theCliAndTheServerAgreeOnRolesAndTheReservedName() {
        assertEquals(Set.copyOf(ApiKeys.ROLES), Arrays.stream(Role.values()).map(Role::wireName).collect(toSet()));
        assertEquals(Caller.DEFAULT, PrincipalNames.RESERVED);
    }

    @Test
    void linesCommentsAndBlankLines() {
        List<KeyLines.Entry> entries = KeyLines.parse(List.of(
                "# who may upload",
                "",
                "alice uploader " + ApiKeys.sha256Hex(ALICE_KEY),
                "   bob\tADMIN   " + ApiKeys.sha256Hex(BOB_KEY).toUpperCase() + "  # the operator",
                "carol@example.org reader " + ApiKeys.sha256Hex("carol-key")), "keys");

        assertEquals(List.of(new Caller("alice", Role.UPLOADER), new Caller("bob", Role.ADMIN),
                new Caller("carol@example.org", Role.READER)), entries.stream().map(KeyLines.Entry::caller).toList());
        assertArrayEquals(ApiKeys.sha256(BOB_KEY), entries.get(1).keyHash());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void badLinesAreSkippedWithTheirNumberAndNeverTheirFields() {
        String hash = ApiKeys.sha256Hex(ALICE_KEY);
        List<KeyLines.Entry> entries = KeyLines.parse(List.of(
                "alice uploader",                                  // 1: two fields
                "alice superuser " + hash,                         // 2: no such role
                "alice uploader my-secret-key-in-clear",           // 3: the key instead of its hash
                "default admin " + hash,                           // 4: reserved name
                ".hidden uploader " + hash,                        // 5: starts with a dot
                "a/b uploader " + hash,                            // 6: not a directory name
                "x".repeat(65) + " uploader " + hash,              // 7: too long
                "alice uploader " + hash + " extra",               // 8: four fields
                "alice uploader " + hash,                          // 9: good
                "alice admin " + ApiKeys.sha256Hex(BOB_KEY),       // 10: duplicate name
                "bob admin " + hash), "keys.txt");                 // 11: alice's key again

        assertEquals(List.of(new Caller("alice", Role.UPLOADER)),
                entries.stream().map(KeyLines.Entry::caller).toList());
        List<String> messages = warnings.stream().map(LogRecord::getMessage).toList();
        assertEquals(10, messages.size(), messages.toString());
        for (int i = 0; i < 8; i++) {
            assertTrue(messages.get(i).startsWith("keys.txt line " + (i + 1) + " skipped: "), messages.get(i));
        }
        assertTrue(messages.get(8).startsWith("keys.txt line 10 skipped: 'alice' is already granted on line 9"));
        assertTrue(messages.get(9).startsWith("keys.txt line 11 skipped: the same key as line 9's"));
        for (String message : messages) {
            assertFalse(message.contains(hash) || message.contains("my-secret-key-in-clear"), message);
        }
    }
}
