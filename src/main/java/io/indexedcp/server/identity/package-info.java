/**
 * Who is calling: named API keys ({@code INDEXEDCP_KEYS_FILE}), the one key of
 * {@code INDEXEDCP_API_KEY} (the {@code default} admin) and the identity provider's JWTs, each
 * becoming a {@link io.indexedcp.server.identity.Caller} with a {@link io.indexedcp.server.identity.Role}.
 */
package io.indexedcp.server.identity;
