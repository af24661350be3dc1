package io.indexedcp.server.identity;

/**
 * Why a token is not accepted, for the server's FINE log. The message says what is wrong in words
 * and never quotes the token or its signature.
 */
final class TokenRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    TokenRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
