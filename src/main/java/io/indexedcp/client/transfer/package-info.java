/**
 * The HTTP conversation with an upload server through the Jakarta REST client: one chunk
 * {@code POST} (with upload id and {@code Content-Digest} in protocol v2), one status {@code GET},
 * the completion {@code POST} and the upload listing, and the classification of every answer (or failure to get
 * one) into success, retryable or fatal. Nothing here waits, loops or touches the buffer.
 */
package io.indexedcp.client.transfer;
