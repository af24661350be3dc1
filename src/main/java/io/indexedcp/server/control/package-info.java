/**
 * The rules of an upload: which names and indexes are acceptable, how a chunk's body is checked
 * while it streams, and how received chunks end up at the right offset of the target file,
 * whatever order they arrive in. One exception class per refusal, each fixing its HTTP status.
 */
package io.indexedcp.server.control;
