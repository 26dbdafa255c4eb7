-- The courier's tracking number, set by the team when an order is shipped; the buyer sees it.
ALTER TABLE orders ADD COLUMN tracking_number TEXT;
