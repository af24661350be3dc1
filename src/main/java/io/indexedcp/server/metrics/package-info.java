/**
 * Operational metrics, through MicroProfile Metrics (Payara answers them as Prometheus text at
 * {@code /metrics}): {@link io.indexedcp.server.metrics.UploadMetrics} is the one place the services
 * count in; {@link io.indexedcp.server.metrics.StateGauges} reads what is, not what was counted, from
 * the tracking database and the disk, so that several nodes sharing one database agree. Only
 * {@link io.indexedcp.server.metrics.MicroProfileRecorder} names the MicroProfile Metrics API; on a server
 * without it nothing is recorded and the WAR still deploys.
 */
package io.indexedcp.server.metrics;
