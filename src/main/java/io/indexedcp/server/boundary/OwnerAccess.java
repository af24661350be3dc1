package io.indexedcp.server.boundary;

import io.indexedcp.protocol.PrincipalNames;
import io.indexedcp.server.identity.Caller;
import jakarta.ws.rs.WebApplicationException;

/**
 * Whose uploads a request may touch. An uploader or reader acts on its own only; asking for another
 * owner's upload is answered as if it did not exist (404), so that existence is not revealed. An
 * admin acts on its own by default and on anyone's with {@code owner=NAME}; without it, it lists
 * everyone's. A reader may not change anything (403).
 */
final class OwnerAccess {

    static final String NOT_FOUND = "No such upload";

    private OwnerAccess() {
    }

    /** The owner whose upload a status, completion or cancel addresses. */
    static String ownerFor(Caller caller, String requestedOwner) {
        if (requestedOwner == null || requestedOwner.isEmpty() || requestedOwner.equals(caller.name())) {
            return caller.name();
        }
        // A principal's name is also a directory name: nothing but a safe one (or default's) may reach a path.
        if (caller.role().seesEveryone()
                && (PrincipalNames.RESERVED.equals(requestedOwner) || PrincipalNames.isSafe(requestedOwner))) {
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
