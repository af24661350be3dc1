/**
 * When to try a request again and how long to wait first: the {@link io.indexedcp.client.retry.RetryPolicy}
 * strategy (exponential by default, linear, or any function of the retry number, optionally with
 * jitter) and the {@link io.indexedcp.client.retry.Retrier} loop that applies it.
 */
package io.indexedcp.client.retry;
