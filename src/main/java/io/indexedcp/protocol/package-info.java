/**
 * The IndexedCP wire protocol: header names, paths and JSON bodies, and the named keys' contract
 * (the caller-name rule and the keys-file line, which the CLI's {@code keygen} writes and the server
 * reads). The only package that both the server and the client import, so that the two sides
 * cannot drift apart.
 */
package io.indexedcp.protocol;
