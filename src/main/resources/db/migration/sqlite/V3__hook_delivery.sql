-- Completion hook POSTs still owed to INDEXEDCP_ON_COMPLETE (io.indexedcp.server.hook), retried until a 2xx.
CREATE TABLE hook_delivery (id integer, payload varchar(8192) not null, attempts integer not null,
    next_attempt_ms bigint not null, created_ms bigint not null, primary key (id));
CREATE INDEX hook_delivery_due ON hook_delivery (next_attempt_ms);
