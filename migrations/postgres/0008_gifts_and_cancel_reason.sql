-- A gift goes to someone else: the recipient as checked by the buyer's rules, and a few words
-- for the label (issue #17). NULL: not a gift.
ALTER TABLE orders ADD COLUMN recipient_name TEXT;
ALTER TABLE orders ADD COLUMN recipient_phone TEXT;
ALTER TABLE orders ADD COLUMN recipient_address TEXT;
ALTER TABLE orders ADD COLUMN gift_message TEXT;
-- Why the producer cancelled an order, when the buyer is owed a reason ('harvest_short');
-- NULL for every other order, cancelled by the team or not.
ALTER TABLE orders ADD COLUMN cancel_reason TEXT;
ALTER TABLE orders ADD CONSTRAINT orders_cancel_reason
    CHECK (cancel_reason IS NULL OR (cancel_reason = 'harvest_short' AND status = 'cancelled'));
