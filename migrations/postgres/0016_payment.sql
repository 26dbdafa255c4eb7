-- Buyers pay on their phones (issue #29), as migrations/sqlite/0016_payment.sql: an order paid
-- online is `awaiting_payment` until paid (`received`) or closed unpaid (`cancelled`,
-- `unpaid`); its payment lives in its row, and each refund through the provider is a row of
-- `refunds` named by the claim or order it refunds (row-level security as every
-- producer-owned table), the order's own refund repeated in its row.

SELECT set_config('orchard.producer', 'market', true);

ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN
    ('awaiting_payment', 'received', 'packed', 'shipped', 'delivered', 'cancelled'));
ALTER TABLE orders DROP CONSTRAINT orders_cancel_reason;
ALTER TABLE orders ADD CONSTRAINT orders_cancel_reason CHECK (cancel_reason IS NULL
    OR (cancel_reason IN ('harvest_short', 'unpaid') AND status = 'cancelled'));

ALTER TABLE orders ADD COLUMN pay_method TEXT CHECK (pay_method IN ('wechat', 'alipay'));
ALTER TABLE orders ADD COLUMN pay_expires_ms BIGINT;
ALTER TABLE orders ADD COLUMN pay_state TEXT;
ALTER TABLE orders ADD COLUMN pay_openid TEXT;
ALTER TABLE orders ADD COLUMN pay_txn TEXT;
ALTER TABLE orders ADD COLUMN paid_ms BIGINT;
ALTER TABLE orders ADD COLUMN refund_fen BIGINT CHECK (refund_fen > 0);
ALTER TABLE orders ADD COLUMN refund_status TEXT
    CHECK (refund_status IN ('refund_pending', 'refunded', 'refund_failed'));
ALTER TABLE orders ADD CONSTRAINT orders_awaiting_has_payment CHECK (status <> 'awaiting_payment'
    OR (pay_method IS NOT NULL AND pay_expires_ms IS NOT NULL));
ALTER TABLE orders ADD CONSTRAINT orders_payment_has_state
    CHECK ((pay_method IS NULL) = (pay_state IS NULL));
-- Partial: an order paid on delivery writes no entry in either index.
CREATE UNIQUE INDEX orders_by_pay_state ON orders (pay_state) WHERE pay_state IS NOT NULL;
CREATE INDEX orders_awaiting_by_expiry ON orders (pay_expires_ms)
    WHERE status = 'awaiting_payment';

CREATE TABLE refunds (
    id         TEXT   PRIMARY KEY,
    producer   BIGINT NOT NULL,
    order_seq  BIGINT NOT NULL,
    fen        BIGINT NOT NULL CHECK (fen > 0),
    status     TEXT   NOT NULL CHECK (status IN ('refund_pending', 'refunded', 'refund_failed')),
    reason     TEXT   NOT NULL CHECK (reason IN ('late', 'cancelled', 'claim', 'harvest_short')),
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    FOREIGN KEY (producer, order_seq) REFERENCES orders (producer, seq)
);
CREATE INDEX refunds_by_order ON refunds (producer, order_seq);
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
ALTER TABLE refunds FORCE ROW LEVEL SECURITY;
CREATE POLICY producer_rows ON refunds USING (CASE WHEN (SELECT orchard_market())
    THEN true ELSE producer = (SELECT orchard_producer()) END);
