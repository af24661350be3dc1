/**
 * The client's durable queue: a SQLite database holding every file that is not yet on a server,
 * cut into chunks. A chunk row is deleted only once a server has accepted that chunk and a file
 * row once it has no chunks left, so a client that is killed picks up where it stopped.
 */
package io.indexedcp.client.buffer;
