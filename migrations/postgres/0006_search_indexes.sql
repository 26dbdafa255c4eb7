-- The team's search at the sale's scale (issue #15): on 30,000 orders a search folded every
-- name with `translate` and matched it inside (`LIKE '%…%'`), 100–200 ms a search. Each kind of
-- match now has an index the planner can combine (a bitmap OR): trigrams for the text found
-- inside a name, a tracking number or a phone, and a pattern index for the start of an order
-- id. The expressions are exactly those `store/lists.rs` writes (`Dialect::ASCII_LOWER`).
-- A search shorter than three letters has no trigram and still scans, but it also matches
-- many orders, so its first page comes quickly.
--
-- pg_trgm ships with PostgreSQL (Debian's postgresql package) and is a trusted extension
-- (PostgreSQL 13+): the database's owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX orders_by_id_prefix ON orders (id text_pattern_ops);
CREATE INDEX orders_by_name_trigrams ON orders USING gin (
    (translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) gin_trgm_ops);
CREATE INDEX orders_by_tracking_number_trigrams ON orders USING gin (
    (translate(tracking_number, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))
    gin_trgm_ops) WHERE tracking_number IS NOT NULL;
CREATE INDEX orders_by_phone_trigrams ON orders USING gin (phone gin_trgm_ops);
