-- A completion hashing the assembled file holds a lease on it until this time (epoch ms), renewed
-- while it hashes: another completion of the upload answers 503 with Retry-After instead of hashing
-- the whole file again beside it; once the lease has run out (its node died), the next one verifies.
ALTER TABLE upload ADD COLUMN verifying_until bigint;
