/**
 * The web edge of the server: JAX-RS resources at the context root, the chunk's {@code POST /upload}
 * as a servlet filter that answers it without JAX-RS ({@code ChunkPostFilter}, with the same rules as
 * the JAX-RS filters), the API-key and CORS filters, the mapping of every failure to a JSON answer,
 * the health check and the start-up announcement.
 * Resources translate HTTP to calls on {@code control} and back; they hold no upload logic.
 */
package io.indexedcp.server.boundary;
