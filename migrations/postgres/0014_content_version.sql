-- As migrations/sqlite/0014_content_version.sql: each producer's content has a version, and an
-- edit writes the content only if the version is still the one it read, adding one.
-- `producers` has no row-level security (0013): the column needs no policy.

ALTER TABLE producers ADD COLUMN content_version BIGINT NOT NULL DEFAULT 0;
