/**
 * The client's durable queue: a SQLite database holding every file that is not yet on a server,
 * cut into chunks, with its upload id and digests (protocol v2). A chunk row is deleted only once a
 * server has accepted that chunk, and a file row once the server has completed the upload (for a
 * file buffered before v2, once it has no chunks left), so a client that is killed picks up where
 * it stopped — after the last chunk, with the completion alone.
 */
package io.indexedcp.client.buffer;
