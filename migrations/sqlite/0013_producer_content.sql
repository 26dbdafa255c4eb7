-- Putting a producer on the market from a phone (issue #28): the database holds each
-- producer's content once seeded (its texts, picture, sale dates, boxes' weights and prices,
-- limit per buyer) as JSON text, so that an edit outlives a restart with an older file; a
-- producer whose `content` is NULL is seeded from its file at the next start. The pictures the
-- team uploads live here too (several instances share them), one row per size, each owned by
-- its producer as every producer-owned row is.

ALTER TABLE producers ADD COLUMN content TEXT;
-- 1 for a producer put on the market while a server ran (no file names it): every server on
-- this database serves it after a restart; a producer a file seeded is served by the servers
-- whose files name it.
ALTER TABLE producers ADD COLUMN at_run_time INTEGER NOT NULL DEFAULT 0
    CHECK (at_run_time IN (0, 1));

CREATE TABLE producer_pictures (
    producer     INTEGER NOT NULL REFERENCES producers (id),
    n            INTEGER NOT NULL CHECK (n > 0),
    width        INTEGER NOT NULL CHECK (width > 0),
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB    NOT NULL,
    created_ms   INTEGER NOT NULL,
    PRIMARY KEY (producer, n, width)
) STRICT;
