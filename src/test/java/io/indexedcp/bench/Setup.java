package io.indexedcp.bench;

import io.indexedcp.testing.ScratchPostgres;
import java.net.URI;
import java.util.List;

/**
 * What one group of several-node rows sends to: the address the load generator uses, the node
 * processes behind it, nginx's master pid (0 without nginx) and the PostgreSQL database (null on SQLite).
 */
record Setup(String label, URI target, List<Long> nodePids, long nginxPid, ScratchPostgres database) {
}
