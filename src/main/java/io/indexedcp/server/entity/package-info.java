/**
 * The tracking database: which chunks of which upload the server holds, persisted with JPA. SQLite
 * in the output directory by default; the same entities serve a shared database when several
 * instances run behind one load balancer, which is why every decision that must be unique
 * (a chunk recorded once, placement advanced once) is taken by the database, not by the JVM.
 */
package io.indexedcp.server.entity;
