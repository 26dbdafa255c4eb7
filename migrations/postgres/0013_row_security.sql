-- The county market's second wall (issue #28): row-level security on every producer-owned
-- table. The server's statements already name their producer; these policies make the database
-- refuse a statement that forgets it. Each transaction of the server says whose rows it works
-- on with `set_config('orchard.producer', …, true)` (`SET LOCAL`: it ends with the transaction):
-- - a producer's id (`'42'`): that producer's rows only, read and written;
-- - `'market'`: every producer's rows, for the few reads that are the whole market's by design
--   (a buyer's order found by its id and token, every producer's numbers loaded at start, the
--   replay salts forgotten for all); a later migration that moves rows starts with
--   `SELECT set_config('orchard.producer', 'market', true);` (sqlx runs each in a transaction);
-- - nothing (or `''`, what a setting is once a transaction that set it ended): no row at all,
--   nothing read and nothing written.
-- `FORCE`: the server's role owns these tables (it ran the migrations) and is no superuser and
-- has no BYPASSRLS, so the policies hold for it too. `producers` itself is the market's list
-- (every slug, read by every page) and has no policy.
--
-- Each policy reads the setting through two one-line functions, each inside its own sub-select:
-- PostgreSQL evaluates such a sub-select once a statement (an InitPlan), not once a row, so a
-- team's aggregate over 30,000 orders costs about what it costs without the wall. The casts
-- never see `'market'` or `''`.

CREATE FUNCTION orchard_market() RETURNS BOOLEAN
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT current_setting('orchard.producer', true) = 'market'
$$;

CREATE FUNCTION orchard_producer() RETURNS BIGINT
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CAST(NULLIF(NULLIF(current_setting('orchard.producer', true), ''), 'market') AS BIGINT)
$$;

-- Every table with a `producer` column but `producers` (boxes, orders, order_events, claims,
-- claim_photos, and whatever 0012 added): a table added later needs its own ENABLE, FORCE and
-- policy, and tests/api/market_rls.rs checks that every such table has them.
DO $$
DECLARE
    owned RECORD;
BEGIN
    FOR owned IN
        SELECT c.table_name FROM information_schema.columns AS c
        JOIN information_schema.tables AS t
            ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'producer'
            AND t.table_type = 'BASE TABLE' AND c.table_name <> 'producers'
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', owned.table_name);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', owned.table_name);
        EXECUTE format('CREATE POLICY producer_rows ON %I USING (CASE WHEN (SELECT orchard_market()) '
            'THEN true ELSE producer = (SELECT orchard_producer()) END)', owned.table_name);
    END LOOP;
END
$$;
