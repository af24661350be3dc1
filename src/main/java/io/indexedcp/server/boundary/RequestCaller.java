package io.indexedcp.server.boundary;

import io.indexedcp.server.identity.Caller;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the current request, as {@link ApiKeyFilter} (JAX-RS) or {@link ChunkPostFilter}
 * (the chunk servlet path) authenticated it, for the resources to act on its behalf.
 */
@RequestScoped
public class RequestCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller if one was authenticated in this request, else null. */
    Caller find() {
        return caller;
    }

    /** The authenticated caller; a resource behind {@link ApiKeyRequired} always has one. */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller in this request");
        }
        return caller;
    }
}
