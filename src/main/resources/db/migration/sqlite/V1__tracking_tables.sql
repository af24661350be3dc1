-- The tables of release 0.1 as Hibernate's schema update made them on SQLite (id is the rowid),
-- with the unique indexes every at-most-once decision rests on.
CREATE TABLE upload (id integer, assembled_as varchar(1024), client_upload_id varchar(128),
    created_at bigint not null, file_name varchar(1024) not null, last_activity bigint not null,
    placed_bytes bigint not null, placed_chunks integer not null, sha256 varchar(64), state varchar(16),
    total_size bigint, upload_key varchar(1024) not null, primary key (id));
CREATE TABLE received_chunk (id integer, chunk_index integer not null, received_at bigint not null,
    sha256 varchar(64) not null, size_bytes bigint not null, staged_as varchar(64) not null,
    upload_id bigint not null, primary key (id));
CREATE UNIQUE INDEX upload_key_unique ON upload (upload_key);
CREATE UNIQUE INDEX received_chunk_unique ON received_chunk (upload_id, chunk_index);
