-- Boxes left are at most a million (`Stock::MAX`): the API refuses more, and this CHECK keeps the
-- database itself from holding a number that would overflow the server's arithmetic. A stock
-- above the bound (only the bug this fixes could write one) is kept at the bound.
UPDATE boxes SET stock = 1000000 WHERE stock > 1000000;
ALTER TABLE boxes ADD CONSTRAINT boxes_stock_at_most_a_million CHECK (stock <= 1000000);
