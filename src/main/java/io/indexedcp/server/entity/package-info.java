/**
 * The tracking database: which chunks of which upload the server holds, persisted with JPA. SQLite
 * in the output directory by default, PostgreSQL when {@code INDEXEDCP_DB_URL} names one
 * ({@link io.indexedcp.server.entity.TrackingDatabase}); the same entities serve it when several
 * instances share it behind one load balancer, which is why every decision that must be unique
 * (a chunk recorded once, placement advanced once) is taken by the database, not by the JVM.
 */
package io.indexedcp.server.entity;
