/**
 * CDI events an application bundling this WAR can observe, fired after the transaction that decided
 * them committed: {@link io.indexedcp.server.events.UploadCompleted} (a v2 upload verified and
 * published), {@link io.indexedcp.server.events.UploadCancelled}, {@link io.indexedcp.server.events.UploadExpired}.
 * They are fired to synchronous ({@code @Observes}) and asynchronous ({@code @ObservesAsync})
 * observers; a synchronous observer delays the client's answer, so anything slow belongs in an
 * asynchronous one. {@link io.indexedcp.server.events.EventLog} logs each on logger
 * {@code io.indexedcp.events}.
 */
package io.indexedcp.server.events;
