-- Orchard's PostgreSQL schema, the same semantics as migrations/sqlite/: times are Unix
-- milliseconds (UTC); money is integer fen. Integers are BIGINT so that both stores decode into
-- the same Rust types.

-- The boxes on offer and how many are left. The CHECK is the last line of defence against
-- overselling: a decrement that would go below zero fails instead of committing.
CREATE TABLE boxes (
    id        TEXT   PRIMARY KEY,
    weight_kg BIGINT NOT NULL CHECK (weight_kg > 0),
    price_fen BIGINT NOT NULL CHECK (price_fen > 0),
    stock     BIGINT NOT NULL CHECK (stock >= 0)
);

-- One row per order. `token_hash` is SHA-256 of the buyer's secret; `replay_token` keeps the
-- plain token only as long as an idempotent retry may need to be answered (48 hours). The
-- UNIQUE idempotency key is what makes a key sent to two instances at once give one order.
CREATE TABLE orders (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              TEXT   NOT NULL UNIQUE,
    token_hash      BYTEA  NOT NULL,
    idempotency_key TEXT   NOT NULL UNIQUE,
    fingerprint     TEXT   NOT NULL,
    replay_token    TEXT,
    status          TEXT   NOT NULL CHECK (status IN ('received', 'packed', 'shipped', 'delivered', 'cancelled')),
    box_id          TEXT   NOT NULL REFERENCES boxes (id),
    weight_kg       BIGINT NOT NULL,
    quantity        BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    total_fen       BIGINT NOT NULL,
    name            TEXT   NOT NULL,
    phone           TEXT   NOT NULL,
    address         TEXT   NOT NULL,
    note            TEXT,
    ref             TEXT,
    created_ms      BIGINT NOT NULL,
    -- The courier's tracking number, set by the team when an order is shipped; the buyer sees it.
    tracking_number TEXT
);

-- Every status move after `received` (which is the order's `created_ms`), in the order made.
CREATE TABLE order_events (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_seq BIGINT NOT NULL REFERENCES orders (seq),
    status    TEXT   NOT NULL,
    at_ms     BIGINT NOT NULL
);

CREATE INDEX order_events_by_order ON order_events (order_seq);
CREATE INDEX orders_replay_by_age ON orders (created_ms) WHERE replay_token IS NOT NULL;
