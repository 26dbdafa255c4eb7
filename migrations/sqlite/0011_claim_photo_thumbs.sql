-- Claim photos are kept re-encoded (JPEG, at most 1600 px, no metadata) with a thumbnail for the
-- owner's list (JPEG, at most 240 px). A photo filed before has none (NULL): it is kept as it was
-- sent and re-encoded, within the same limits, each time the owner reads it (`server::photos`).
ALTER TABLE claim_photos ADD COLUMN thumb BLOB;
