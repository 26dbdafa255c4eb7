-- Orchard's SQLite schema. Times are Unix milliseconds (UTC); money is integer fen.

-- The boxes on offer and how many are left. The CHECK is the last line of defence against
-- overselling: a decrement that would go below zero fails instead of committing.
CREATE TABLE boxes (
    id        TEXT    PRIMARY KEY,
    weight_kg INTEGER NOT NULL CHECK (weight_kg > 0),
    price_fen INTEGER NOT NULL CHECK (price_fen > 0),
    stock     INTEGER NOT NULL CHECK (stock >= 0)
) STRICT;

-- One row per order. `token_hash` is SHA-256 of the buyer's secret; `replay_token` keeps the
-- plain token only as long as an idempotent retry may need to be answered (48 hours).
CREATE TABLE orders (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    token_hash      BLOB    NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    fingerprint     TEXT    NOT NULL,
    replay_token    TEXT,
    status          TEXT    NOT NULL CHECK (status IN ('received', 'packed', 'shipped', 'delivered', 'cancelled')),
    box_id          TEXT    NOT NULL REFERENCES boxes (id),
    weight_kg       INTEGER NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    total_fen       INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    phone           TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    note            TEXT,
    ref             TEXT,
    created_ms      INTEGER NOT NULL
) STRICT;

-- Every status move after `received` (which is the order's `created_ms`).
CREATE TABLE order_events (
    order_seq INTEGER NOT NULL REFERENCES orders (seq),
    status    TEXT    NOT NULL,
    at_ms     INTEGER NOT NULL
) STRICT;

CREATE INDEX order_events_by_order ON order_events (order_seq);
CREATE INDEX orders_replay_by_age ON orders (created_ms) WHERE replay_token IS NOT NULL;
