package io.indexedcp.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Named API keys and the line of {@code INDEXEDCP_KEYS_FILE} that grants one: {@code name role
 * sha256-hex-of-the-key}. The server keeps only the hash, so the file can be read by anyone who
 * runs the server without giving them a key. Here, in the protocol, so that the key the CLI's
 * {@code keygen} makes and the hash the server compares cannot disagree.
 */
public final class ApiKeys {

    /** The roles a line may give, as written in the file. */
    public static final List<String> ROLES = List.of("uploader", "admin", "reader");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key: 32 random bytes, as 64 hex digits (safe in a header and a shell). */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The SHA-256 of the key's UTF-8 bytes. */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /**
     * The keys-file line that grants {@code key} to {@code name} with {@code role}.
     *
     * @throws IllegalArgumentException for an unsafe name (see {@link PrincipalNames}) or an unknown role
     */
    public static String keysFileLine(String name, String role, String key) {
        PrincipalNames.problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("the role must be one of " + String.join(", ", ROLES));
        }
        return name + " " + role + " " + sha256Hex(key);
    }
}
