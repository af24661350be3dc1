/**
 * The IndexedCP wire protocol: header names, paths and JSON bodies. The only package that both the
 * server and the client import, so that the two sides cannot drift apart.
 */
package io.indexedcp.protocol;
