package io.indexedcp.client;

/** A request still failed for a temporary reason after every retry the policy allows; the chunk stays buffered. */
public class RetriesExhaustedException extends IndexedCpException {

    public RetriesExhaustedException(String message) {
        super(message);
    }
}
