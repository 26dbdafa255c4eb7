-- The county market's second wall (issue #28): row-level security on every producer-owned
-- table. The server's statements already name their producer; these policies make the database
-- refuse a statement that forgets it. Each transaction of the server says whose rows it works
-- on with `set_config('orchard.producer', …, true)` (`SET LOCAL`: it ends with the transaction):
-- - a producer's id (`'42'`): that producer's rows only, read and written;
-- - `'market'`: every producer's rows, for the few reads that are the whole market's by design
--   (a buyer's order found by its id and token, every producer's numbers loaded at start, the
--   replay salts forgotten for all) and for data moves of later migrations;
-- - nothing (or `''`, what a setting is once a transaction that set it ended): no row at all,
--   nothing read and nothing written.
-- `FORCE`: the server's role owns these tables (it ran the migrations) and is no superuser and
-- has no BYPASSRLS, so the policies hold for it too. `producers` itself is the market's list
-- (every slug, read by every page) and has no policy.
--
-- The CASE keeps the cast away from `'market'` and `''` (an OR's order is not promised); the
-- function is one SELECT, which PostgreSQL inlines into each statement's plan.

CREATE FUNCTION orchard_sees(row_producer BIGINT) RETURNS BOOLEAN
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE current_setting('orchard.producer', true)
        WHEN 'market' THEN true
        WHEN '' THEN false
        ELSE row_producer = CAST(current_setting('orchard.producer', true) AS BIGINT)
    END
$$;

ALTER TABLE boxes ENABLE ROW LEVEL SECURITY;
ALTER TABLE boxes FORCE ROW LEVEL SECURITY;
CREATE POLICY producer_rows ON boxes USING (orchard_sees(producer));

ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY producer_rows ON orders USING (orchard_sees(producer));

ALTER TABLE order_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE order_events FORCE ROW LEVEL SECURITY;
CREATE POLICY producer_rows ON order_events USING (orchard_sees(producer));

ALTER TABLE claims ENABLE ROW LEVEL SECURITY;
ALTER TABLE claims FORCE ROW LEVEL SECURITY;
CREATE POLICY producer_rows ON claims USING (orchard_sees(producer));

ALTER TABLE claim_photos ENABLE ROW LEVEL SECURITY;
ALTER TABLE claim_photos FORCE ROW LEVEL SECURITY;
CREATE POLICY producer_rows ON claim_photos USING (orchard_sees(producer));
