package io.indexedcp.server.boundary;

import io.indexedcp.server.identity.Caller;
import jakarta.ws.rs.WebApplicationException;
import java.util.regex.Pattern;

/**
 * Whose uploads a request may touch. An uploader or reader acts on its own only; asking for another
 * owner's upload is answered as if it did not exist (404), so that existence is not revealed. An
 * admin acts on its own by default and on anyone's with {@code owner=NAME}; without it, it lists
 * everyone's. A reader may not change anything (403).
 */
final class OwnerAccess {

    /** The shape of a principal name, which is also a directory name: nothing else may reach a path. */
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}");

    static final String NOT_FOUND = "No such upload";

    private OwnerAccess() {
    }

    /** The owner whose upload a status, completion or cancel addresses. */
    static String ownerFor(Caller caller, String requestedOwner) {
        if (requestedOwner == null || requestedOwner.isEmpty() || requestedOwner.equals(caller.name())) {
            return caller.name();
        }
        if (caller.role().seesEveryone() && OWNER.matcher(requestedOwner).matches()) {
            return requestedOwner;
        }
        throw new WebApplicationException(ErrorResponses.of(404, NOT_FOUND));
    }

    /** The owner whose uploads a listing shows; null for everyone's (an admin asking for no one in particular). */
    static String listingOwner(Caller caller, String requestedOwner) {
        if ((requestedOwner == null || requestedOwner.isEmpty()) && caller.role().seesEveryone()) {
            return null;
        }
        return ownerFor(caller, requestedOwner);
    }

    /** Refuses a change (chunk, completion, cancel) by a caller that may only read. */
    static void requireWrite(Caller caller) {
        if (!caller.role().mayWrite()) {
            throw new WebApplicationException(ErrorResponses.of(403,
                    "The role " + caller.role().wireName() + " may read status and listings but not upload or cancel"));
        }
    }
}
