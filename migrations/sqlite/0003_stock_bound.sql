-- Boxes left are at most a million (`Stock::MAX`): the API refuses more, and this CHECK keeps the
-- database itself from holding a number that would overflow the server's arithmetic. SQLite
-- cannot add a CHECK to a table, so `boxes` is rebuilt as SQLite's documentation says: copied
-- into a new table that then takes its name, in the migration's transaction, on a connection
-- whose foreign keys are off (`sqlite::open`, which checks them all afterwards). A stock above
-- the bound (only the bug this fixes could write one) is kept at the bound.
CREATE TABLE boxes_bounded (
    id        TEXT    PRIMARY KEY,
    weight_kg INTEGER NOT NULL CHECK (weight_kg > 0),
    price_fen INTEGER NOT NULL CHECK (price_fen > 0),
    stock     INTEGER NOT NULL CHECK (stock BETWEEN 0 AND 1000000)
) STRICT;
INSERT INTO boxes_bounded (id, weight_kg, price_fen, stock)
    SELECT id, weight_kg, price_fen, MIN(stock, 1000000) FROM boxes;
DROP TABLE boxes;
ALTER TABLE boxes_bounded RENAME TO boxes;
