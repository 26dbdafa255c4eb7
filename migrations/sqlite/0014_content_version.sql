-- Two edits of one producer's content on two instances at once (issue #28): each edit reads
-- the content and its version, makes its change, and writes the whole content only if the
-- version is still the one it read (`UPDATE … WHERE content_version = $seen`), adding one; an
-- edit that finds it moved reads the content again and makes its change over the newer one, so
-- neither undoes the other's fields.

ALTER TABLE producers ADD COLUMN content_version INTEGER NOT NULL DEFAULT 0;
