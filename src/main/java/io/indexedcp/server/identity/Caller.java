package io.indexedcp.server.identity;

/**
 * Who sent a request, as its key or token says: a name (the owner of the uploads it starts) and a
 * role. {@link #DEFAULT} is the caller of {@code INDEXEDCP_API_KEY}, whose files keep the output
 * directory's top level as before callers had names.
 */
public record Caller(String name, Role role) {

    public static final String DEFAULT = "default";

    public static Caller defaultAdmin() {
        return new Caller(DEFAULT, Role.ADMIN);
    }

    public boolean isDefault() {
        return DEFAULT.equals(name);
    }
}
