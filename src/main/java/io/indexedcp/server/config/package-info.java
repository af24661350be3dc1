/** Settings of the server, read from MicroProfile Config (environment variables, system properties, defaults). */
package io.indexedcp.server.config;
