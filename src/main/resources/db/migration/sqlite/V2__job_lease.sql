-- Periodic jobs that must run on one node per period: the node that moves a job's period forward
-- (one conditional UPDATE) runs it, and busy_until keeps a second node out while a run lasts.
CREATE TABLE job_lease (name varchar(64) not null primary key, period bigint not null,
    holder varchar(256), busy_until bigint not null);
INSERT INTO job_lease (name, period, holder, busy_until) VALUES ('expiry', 0, NULL, 0);
