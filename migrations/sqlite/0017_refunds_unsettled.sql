-- The refund sweep's read (issue #29): the refunds not yet given back, the longest unasked first.
CREATE INDEX refunds_unsettled ON refunds (updated_ms) WHERE status <> 'refunded';
