package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpException;

/** No API key in the environment and no terminal to ask on. */
final class MissingApiKeyException extends IndexedCpException {

    MissingApiKeyException() {
        super("no API key: set INDEXEDCP_API_KEY");
    }
}
