/** Test support shared by the server and client test suites: real processes, real HTTP, real files. */
package io.indexedcp.testing;
