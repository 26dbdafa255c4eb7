-- As migrations/sqlite/0015_created_from.sql: the request a producer put on the market at run
-- time was made from, so the same request sent again is answered as the first was.

ALTER TABLE producers ADD COLUMN created_from TEXT;
