/**
 * The IndexedCP client library: {@link io.indexedcp.client.IndexedCpClient} buffers files in SQLite
 * and uploads them chunk by chunk to an IndexedCP server, resuming from what the server already
 * holds and retrying what fails on the way; {@link io.indexedcp.client.UploadListener} reports
 * progress. Sub-packages: {@code transfer} (HTTP), {@code retry} (policy and loop), {@code buffer}
 * (SQLite), {@code cli} (the {@code indexedcp} command).
 */
package io.indexedcp.client;
