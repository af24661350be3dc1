-- Small chunks committed with their bytes in the tracking database instead of a sync of the file
-- (issue 13): the bytes stay in the chunk's row until the file is synced. synced_chunks and
-- synced_bytes are the prefix of the file known durable; NULL: all of the placed prefix.
ALTER TABLE upload ADD COLUMN synced_chunks integer;
ALTER TABLE upload ADD COLUMN synced_bytes bigint;
ALTER TABLE received_chunk ADD COLUMN unsynced_bytes blob;
