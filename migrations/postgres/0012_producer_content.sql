-- As migrations/sqlite/0013_producer_content.sql: each producer's content as JSON text (NULL
-- until seeded from its file), and the pictures its team uploads, one row per size, owned by
-- the producer.

ALTER TABLE producers ADD COLUMN content TEXT;
-- 1 for a producer put on the market while a server ran (no file names it): every server on
-- this database serves it after a restart; a producer a file seeded is served by the servers
-- whose files name it.
ALTER TABLE producers ADD COLUMN at_run_time INTEGER NOT NULL DEFAULT 0
    CHECK (at_run_time IN (0, 1));

CREATE TABLE producer_pictures (
    producer     BIGINT  NOT NULL REFERENCES producers (id),
    n            INTEGER NOT NULL CHECK (n > 0),
    width        INTEGER NOT NULL CHECK (width > 0),
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BYTEA   NOT NULL,
    created_ms   BIGINT  NOT NULL,
    PRIMARY KEY (producer, n, width)
);
