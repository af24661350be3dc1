/**
 * The upload server. {@code boundary} is the web edge (JAX-RS resources, filters, error mapping),
 * {@code control} decides where bytes go and whether a request is acceptable, {@code entity} is the
 * tracking database, {@code storage} the bytes on disk, {@code config} the settings read at start;
 * {@code metrics}, {@code events} and {@code hook} tell operators and other code what happened.
 */
package io.indexedcp.server;
