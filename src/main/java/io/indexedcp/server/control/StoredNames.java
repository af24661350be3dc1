package io.indexedcp.server.control;

import io.indexedcp.server.identity.Caller;

/**
 * Where an owner's files live in the output directory: the {@code default} owner's (the one API key
 * of {@code INDEXEDCP_API_KEY}) at its top level, as before uploads had owners, every other owner's
 * in a directory of its own name. The stored name is the file's path relative to the output
 * directory, and with the upload id the upload's key: two owners sending one name never meet.
 */
public final class StoredNames {

    private StoredNames() {
    }

    /** The stored name of an owner's file; {@code baseName} already validated ({@link FileNames}). */
    public static String of(String owner, String baseName) {
        return owner == null || Caller.DEFAULT.equals(owner) ? baseName : owner + "/" + baseName;
    }

    /** The owner a stored name belongs to. */
    public static String ownerOf(String storedName) {
        int slash = storedName.indexOf('/');
        return slash < 0 ? Caller.DEFAULT : storedName.substring(0, slash);
    }

    /** The name the owner knows the file by: the stored name without its owner directory. */
    public static String shown(String storedName) {
        return storedName == null ? null : storedName.substring(storedName.indexOf('/') + 1);
    }
}
