/**
 * Settings of the server ({@link io.indexedcp.server.config.Configuration}: MicroProfile Config where the
 * server has it, else system properties, environment variables and the WAR's defaults) and the API key.
 */
package io.indexedcp.server.config;
