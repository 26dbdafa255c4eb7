-- The county market (issue #28): several producers on one server. Every producer-owned row
-- carries its producer, and the keys make a reference across producers impossible: a box is
-- (producer, id), an order's line names (producer, box_id), an event, a claim and a photo name
-- their parent by (producer, seq). Order ids stay unique across the market; an idempotency key
-- is unique per producer only. Today's rows become producer 1's, whose slug the server fills at
-- start (`store::open`: the first producer the files name takes over a producer without one).
--
-- New keys need new tables: each is rebuilt as SQLite's documentation says (the 12 steps of
-- "Making Other Kinds Of Table Schema Changes"): on the migration's connection, whose foreign
-- keys are off (`sqlite::open`, which runs `PRAGMA foreign_key_check` right after), in the
-- migration's transaction: a new table, the rows copied, the old table dropped, the new one
-- renamed, then its indexes and triggers made again. The team's indexes lead with the producer.

CREATE TABLE producers (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    UNIQUE CHECK (slug IS NULL OR length(slug) BETWEEN 1 AND 32),
    created_ms INTEGER NOT NULL
) STRICT;

INSERT INTO producers (id, slug, created_ms)
VALUES (1, NULL, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

CREATE TABLE boxes_new (
    producer  INTEGER NOT NULL REFERENCES producers (id),
    id        TEXT    NOT NULL,
    weight_kg INTEGER NOT NULL CHECK (weight_kg > 0),
    price_fen INTEGER NOT NULL CHECK (price_fen > 0),
    stock     INTEGER NOT NULL CHECK (stock BETWEEN 0 AND 1000000),
    PRIMARY KEY (producer, id)
) STRICT;
INSERT INTO boxes_new (producer, id, weight_kg, price_fen, stock)
    SELECT 1, id, weight_kg, price_fen, stock FROM boxes;

CREATE TABLE orders_new (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    producer          INTEGER NOT NULL REFERENCES producers (id),
    id                TEXT    NOT NULL UNIQUE,
    token_hash        BLOB    NOT NULL,
    idempotency_key   TEXT    NOT NULL,
    fingerprint       TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('received', 'packed', 'shipped', 'delivered', 'cancelled')),
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
        CHECK (cancel_reason IS NULL OR (cancel_reason = 'harvest_short' AND status = 'cancelled')),
    UNIQUE (producer, idempotency_key),
    UNIQUE (producer, seq),
    FOREIGN KEY (producer, box_id) REFERENCES boxes (producer, id)
) STRICT;
INSERT INTO orders_new (seq, producer, id, token_hash, idempotency_key, fingerprint, status,
    box_id, weight_kg, quantity, total_fen, name, phone, address, note, ref, created_ms,
    tracking_number, replay_salt, recipient_name, recipient_phone, recipient_address,
    gift_message, cancel_reason)
    SELECT seq, 1, id, token_hash, idempotency_key, fingerprint, status, box_id, weight_kg,
        quantity, total_fen, name, phone, address, note, ref, created_ms, tracking_number,
        replay_salt, recipient_name, recipient_phone, recipient_address, gift_message,
        cancel_reason
    FROM orders;
-- The next order's seq continues the old table's, whatever it had handed out.
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'orders')
    WHERE name = 'orders_new' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'orders');

CREATE TABLE order_events_new (
    producer  INTEGER NOT NULL,
    order_seq INTEGER NOT NULL,
    status    TEXT    NOT NULL,
    at_ms     INTEGER NOT NULL,
    by_member TEXT    NOT NULL DEFAULT 'owner',
    FOREIGN KEY (producer, order_seq) REFERENCES orders (producer, seq)
) STRICT;
-- In rowid order: the rowid keeps the moves in the order made.
INSERT INTO order_events_new (producer, order_seq, status, at_ms, by_member)
    SELECT 1, order_seq, status, at_ms, by_member FROM order_events ORDER BY rowid;

CREATE TABLE order_tallies_new (
    producer INTEGER NOT NULL,
    status   TEXT    NOT NULL,
    box_id   TEXT    NOT NULL,
    tag      TEXT    NOT NULL,
    orders   INTEGER NOT NULL,
    boxes    INTEGER NOT NULL,
    kg       INTEGER NOT NULL,
    fen      INTEGER NOT NULL,
    PRIMARY KEY (producer, status, box_id, tag)
) STRICT, WITHOUT ROWID;
INSERT INTO order_tallies_new (producer, status, box_id, tag, orders, boxes, kg, fen)
    SELECT 1, status, box_id, tag, orders, boxes, kg, fen FROM order_tallies;

CREATE TABLE claims_new (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    producer        INTEGER NOT NULL,
    id              TEXT    NOT NULL UNIQUE,
    order_seq       INTEGER NOT NULL,
    idempotency_key TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('damaged', 'missing', 'wrong', 'other')),
    apples          INTEGER CHECK (apples BETWEEN 1 AND 1000),
    message         TEXT,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
    outcome         TEXT    CHECK (outcome IN ('refund', 'resend', 'rejected')),
    refund_fen      INTEGER CHECK (refund_fen > 0),
    outcome_message TEXT,
    resolved_by     TEXT,
    created_ms      INTEGER NOT NULL,
    resolved_ms     INTEGER,
    UNIQUE (order_seq, idempotency_key),
    UNIQUE (producer, seq),
    FOREIGN KEY (producer, order_seq) REFERENCES orders (producer, seq),
    CHECK ((status = 'open') = (outcome IS NULL))
) STRICT;
INSERT INTO claims_new (seq, producer, id, order_seq, idempotency_key, fingerprint, kind, apples,
    message, status, outcome, refund_fen, outcome_message, resolved_by, created_ms, resolved_ms)
    SELECT seq, 1, id, order_seq, idempotency_key, fingerprint, kind, apples, message, status,
        outcome, refund_fen, outcome_message, resolved_by, created_ms, resolved_ms
    FROM claims;
UPDATE sqlite_sequence SET seq = (SELECT seq FROM sqlite_sequence WHERE name = 'claims')
    WHERE name = 'claims_new' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'claims');

CREATE TABLE claim_photos_new (
    producer     INTEGER NOT NULL,
    claim_seq    INTEGER NOT NULL,
    n            INTEGER NOT NULL CHECK (n BETWEEN 1 AND 3),
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB    NOT NULL,
    thumb        BLOB,
    PRIMARY KEY (producer, claim_seq, n),
    FOREIGN KEY (producer, claim_seq) REFERENCES claims (producer, seq)
) STRICT;
INSERT INTO claim_photos_new (producer, claim_seq, n, content_type, bytes, thumb)
    SELECT 1, claim_seq, n, content_type, bytes, thumb FROM claim_photos;

-- Children first; their indexes and the tallies' triggers go with them.
DROP TABLE claim_photos;
DROP TABLE claims;
DROP TABLE order_events;
DROP TABLE order_tallies;
DROP TABLE orders;
DROP TABLE boxes;

ALTER TABLE boxes_new RENAME TO boxes;
ALTER TABLE orders_new RENAME TO orders;
ALTER TABLE order_events_new RENAME TO order_events;
ALTER TABLE order_tallies_new RENAME TO order_tallies;
ALTER TABLE claims_new RENAME TO claims;
ALTER TABLE claim_photos_new RENAME TO claim_photos;

-- The indexes of migrations 0001, 0004, 0005, 0008 and 0010, each led by the producer (a
-- page of one producer's orders, newest first, is read from `UNIQUE (producer, seq)`).
CREATE INDEX order_events_by_order ON order_events (producer, order_seq);
CREATE INDEX orders_replay_by_age ON orders (created_ms) WHERE replay_salt IS NOT NULL;
CREATE INDEX orders_by_status ON orders (producer, status, seq);
CREATE INDEX orders_by_ref ON orders (producer, ref, seq) WHERE ref IS NOT NULL;
CREATE INDEX orders_by_tracking_number ON orders (producer, tracking_number)
    WHERE tracking_number IS NOT NULL;
CREATE INDEX orders_by_phone ON orders (producer, phone);
CREATE INDEX claims_by_status ON claims (producer, status, seq);

-- The triggers of migration 0007, counting each producer's orders apart.
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
