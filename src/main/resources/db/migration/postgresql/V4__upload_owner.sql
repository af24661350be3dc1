-- Who started each upload (issue 14): the principal's name. Uploads of earlier releases were all
-- made with the one API key, whose principal is 'default' (files at the output directory's top).
ALTER TABLE upload ADD COLUMN owner varchar(64) not null default 'default';
CREATE INDEX upload_owner ON upload (owner);
