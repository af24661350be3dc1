-- Completion hook POSTs still owed to INDEXEDCP_ON_COMPLETE (io.indexedcp.server.hook), retried until a 2xx.
-- IF NOT EXISTS: builds of this branch before the migrations made the table through Hibernate's schema update.
CREATE TABLE IF NOT EXISTS hook_delivery (id integer, payload varchar(8192) not null, attempts integer not null,
    next_attempt_ms bigint not null, created_ms bigint not null, primary key (id));
CREATE INDEX IF NOT EXISTS hook_delivery_due ON hook_delivery (next_attempt_ms);
