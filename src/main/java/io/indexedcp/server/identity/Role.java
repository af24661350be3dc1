package io.indexedcp.server.identity;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do: {@code uploader} its own uploads, {@code admin} every upload, {@code reader} only look. */
public enum Role {
    UPLOADER, ADMIN, READER;

    /** The role as written in the keys file, a token's groups and the answers: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a keys-file word or token group names, if any (case-insensitive). */
    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.wireName().equalsIgnoreCase(text.strip())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Whether it may send chunks, complete and cancel. */
    public boolean mayWrite() {
        return this != READER;
    }

    /** Whether it sees and may cancel the uploads of every caller, not only its own. */
    public boolean seesEveryone() {
        return this == ADMIN;
    }
}
