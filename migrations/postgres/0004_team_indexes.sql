-- The same indexes as migrations/sqlite/0005_team_indexes.sql. The team's reads at the
-- sale's scale (issue #15): a page of one status or one tag is read
-- newest first from an index (keyset on `seq`), never by sorting every order; a tracking
-- number is found without a scan. The search's other kinds (a name's or a phone's part) match
-- inside the text, which no B-tree index serves: on 30,000 orders that scan is a few ms.
CREATE INDEX orders_by_status ON orders (status, seq);
CREATE INDEX orders_by_ref ON orders (ref, seq) WHERE ref IS NOT NULL;
CREATE INDEX orders_by_tracking_number ON orders (tracking_number)
    WHERE tracking_number IS NOT NULL;
