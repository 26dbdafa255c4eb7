-- The limit per buyer counts a phone's orders inside every placement: by index, not by scan.
CREATE INDEX orders_by_phone ON orders (phone);
