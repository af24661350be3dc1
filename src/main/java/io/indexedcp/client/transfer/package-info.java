/**
 * The HTTP conversation with an upload server through the Jakarta REST client: one chunk
 * {@code POST}, one status {@code GET}, and the classification of every answer (or failure to get
 * one) into success, retryable or fatal. Nothing here waits, loops or touches the buffer.
 */
package io.indexedcp.client.transfer;
