/**
 * The bytes on disk: chunks are first staged, each in a file of its own, and later placed at their
 * offset in the target file. Everything lives inside the output directory; the staging area is a
 * hidden directory there that no client-chosen name can reach (names starting with a dot are refused).
 */
package io.indexedcp.server.storage;
