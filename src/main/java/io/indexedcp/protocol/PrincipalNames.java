package io.indexedcp.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for a caller's name, whether it comes from the keys file or a token: the server keeps a
 * caller's files in a directory of that name, so it must be safe as one on any file system. Here,
 * in the protocol, because the CLI's {@code keygen} checks a name before the server ever sees it.
 */
public final class PrincipalNames {

    /** The name of {@code INDEXEDCP_API_KEY}'s caller, which no key or token may claim. */
    public static final String RESERVED = "default";
    public static final int MAX_LENGTH = 64;
    /** For messages: what a name may be. */
    public static final String RULE = "1 to " + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ @ -, not starting"
            + " with '.', and not '" + RESERVED + "'";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]{0," + (MAX_LENGTH - 1) + "}");

    private PrincipalNames() {
    }

    /** Whether {@code name} may name a caller of a key or token. */
    public static boolean isSafe(String name) {
        return problem(name).isEmpty();
    }

    /** What is wrong with {@code name} (never the name itself, which may be anything); empty if nothing. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (RESERVED.equals(name)) {
            return Optional.of("'" + RESERVED + "' is reserved for INDEXEDCP_API_KEY");
        }
        if (!SAFE.matcher(name).matches()) {
            return Optional.of("a name must be " + RULE);
        }
        return Optional.empty();
    }
}
