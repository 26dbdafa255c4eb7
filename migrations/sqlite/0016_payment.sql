-- Buyers pay on their phones (issue #29). An order paid online is placed `awaiting_payment`
-- (its boxes held for the payment window) and becomes `received` once paid, or `cancelled` with
-- the reason `unpaid` when its window passes; its payment lives in the order's row:
-- - `pay_method`: 'wechat' or 'alipay' (NULL: paid on delivery, as every order before);
-- - `pay_expires_ms`: the end of its window; `pay_state`: the unguessable name WeChat's OAuth
--   carries back (`state`); `pay_openid`: the buyer's openid once WeChat gave it;
-- - `pay_txn`: the provider's transaction once paid (a late payment too, refunded), `paid_ms`.
-- The money given back through the provider is one row of `refunds` each, named by the claim
-- or the order it refunds (the provider's refund number: a retry never pays twice); the
-- order's own refund (cancelled once paid, a late payment) is repeated in its row
-- (`refund_fen`, `refund_status`), so that every read of orders (the team's pages, the CSV)
-- shows it without a join.
--
-- SQLite cannot change a column's CHECK: `orders` is rebuilt as 0012 did (on the migration's
-- connection, foreign keys off), its indexes and the tallies' triggers made again.

CREATE TABLE orders_new (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    producer          INTEGER NOT NULL REFERENCES producers (id),
    id                TEXT    NOT NULL UNIQUE,
    token_hash        BLOB    NOT NULL,
    idempotency_key   TEXT    NOT NULL,
    fingerprint       TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('awaiting_payment', 'received', 'packed', 'shipped', 'delivered', 'cancelled')),
    box_id            TEXT    NOT NULL,
    weight_kg         INTEGER NOT NULL,
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    total_fen         INTEGER NOT NULL,
    name              TEXT    NOT NULL,
    phone             TEXT    NOT NULL,
    address           TEXT    NOT NULL,
    note              TEXT,
    ref               TEXT,
    created_ms        INTEGER NOT NULL,
    tracking_number   TEXT,
    replay_salt       BLOB,
    recipient_name    TEXT,
    recipient_phone   TEXT,
    recipient_address TEXT,
    gift_message      TEXT,
    cancel_reason     TEXT
        CHECK (cancel_reason IS NULL
            OR (cancel_reason IN ('harvest_short', 'unpaid') AND status = 'cancelled')),
    pay_method        TEXT    CHECK (pay_method IN ('wechat', 'alipay')),
    pay_expires_ms    INTEGER,
    pay_state         TEXT,
    pay_openid        TEXT,
    pay_txn           TEXT,
    paid_ms           INTEGER,
    refund_fen        INTEGER CHECK (refund_fen > 0),
    refund_status     TEXT    CHECK (refund_status IN ('refund_pending', 'refunded', 'refund_failed')),
    UNIQUE (producer, idempotency_key),
    UNIQUE (producer, seq),
    FOREIGN KEY (producer, box_id) REFERENCES boxes (producer, id),
    CHECK (status <> 'awaiting_payment' OR (pay_method IS NOT NULL AND pay_expires_ms IS NOT NULL)),
    CHECK ((pay_method IS NULL) = (pay_state IS NULL))
) STRICT;
INSERT INTO orders_new (seq, producer, id, token_hash, idempotency_key, fingerprint, status,
    box_id, weight_kg, quantity, total_fen, name, phone, address, note, ref, created_ms,
    tracking_number, replay_salt, recipient_name, recipient_phone, recipient_address,
    gift_message, cancel_reason)
    SELECT seq, producer, id, token_hash, idempotency_key, fingerprint, status, box_id,
        weight_kg, quantity, total_fen, name, phone, address, note, ref, created_ms,
        tracking_number, replay_salt, recipient_name, recipient_phone, recipient_address,
        gift_message, cancel_reason
    FROM orders;
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'orders')
    WHERE name = 'orders_new' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'orders');

DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;

CREATE INDEX orders_replay_by_age ON orders (created_ms) WHERE replay_salt IS NOT NULL;
CREATE INDEX orders_by_status ON orders (producer, status, seq);
CREATE INDEX orders_by_ref ON orders (producer, ref, seq) WHERE ref IS NOT NULL;
CREATE INDEX orders_by_tracking_number ON orders (producer, tracking_number)
    WHERE tracking_number IS NOT NULL;
CREATE INDEX orders_by_phone ON orders (producer, phone);
-- The order an OAuth `state` names. Partial, as the next one: an order paid on delivery (every
-- order of a shop that takes no payment online) writes no entry in either.
CREATE UNIQUE INDEX orders_by_pay_state ON orders (pay_state) WHERE pay_state IS NOT NULL;
-- The orders whose window may have passed, for every producer (the closing sweep).
CREATE INDEX orders_awaiting_by_expiry ON orders (pay_expires_ms)
    WHERE status = 'awaiting_payment';

CREATE TRIGGER order_tallies_on_insert AFTER INSERT ON orders
BEGIN
    INSERT INTO order_tallies (producer, status, box_id, tag, orders, boxes, kg, fen)
    VALUES (NEW.producer, NEW.status, NEW.box_id, COALESCE(NEW.ref, ''), 1, NEW.quantity,
            NEW.quantity * NEW.weight_kg, NEW.total_fen)
    ON CONFLICT (producer, status, box_id, tag) DO UPDATE SET
        orders = orders + 1, boxes = boxes + excluded.boxes, kg = kg + excluded.kg,
        fen = fen + excluded.fen;
END;

CREATE TRIGGER order_tallies_on_delete AFTER DELETE ON orders
BEGIN
    UPDATE order_tallies SET
        orders = orders - 1, boxes = boxes - OLD.quantity, kg = kg - OLD.quantity * OLD.weight_kg,
        fen = fen - OLD.total_fen
    WHERE producer = OLD.producer AND status = OLD.status AND box_id = OLD.box_id
        AND tag = COALESCE(OLD.ref, '');
END;

CREATE TRIGGER order_tallies_on_update
AFTER UPDATE OF producer, status, box_id, ref, quantity, weight_kg, total_fen ON orders
WHEN OLD.producer IS NOT NEW.producer OR OLD.status IS NOT NEW.status
    OR OLD.box_id IS NOT NEW.box_id OR OLD.ref IS NOT NEW.ref
    OR OLD.quantity IS NOT NEW.quantity OR OLD.weight_kg IS NOT NEW.weight_kg
    OR OLD.total_fen IS NOT NEW.total_fen
BEGIN
    UPDATE order_tallies SET
        orders = orders - 1, boxes = boxes - OLD.quantity, kg = kg - OLD.quantity * OLD.weight_kg,
        fen = fen - OLD.total_fen
    WHERE producer = OLD.producer AND status = OLD.status AND box_id = OLD.box_id
        AND tag = COALESCE(OLD.ref, '');
    INSERT INTO order_tallies (producer, status, box_id, tag, orders, boxes, kg, fen)
    VALUES (NEW.producer, NEW.status, NEW.box_id, COALESCE(NEW.ref, ''), 1, NEW.quantity,
            NEW.quantity * NEW.weight_kg, NEW.total_fen)
    ON CONFLICT (producer, status, box_id, tag) DO UPDATE SET
        orders = orders + 1, boxes = boxes + excluded.boxes, kg = kg + excluded.kg,
        fen = fen + excluded.fen;
END;

CREATE TABLE refunds (
    id         TEXT    PRIMARY KEY,
    producer   INTEGER NOT NULL,
    order_seq  INTEGER NOT NULL,
    fen        INTEGER NOT NULL CHECK (fen > 0),
    status     TEXT    NOT NULL CHECK (status IN ('refund_pending', 'refunded', 'refund_failed')),
    reason     TEXT    NOT NULL CHECK (reason IN ('late', 'cancelled', 'claim', 'harvest_short')),
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    FOREIGN KEY (producer, order_seq) REFERENCES orders (producer, seq)
) STRICT;
CREATE INDEX refunds_by_order ON refunds (producer, order_seq);
