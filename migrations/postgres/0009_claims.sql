-- A buyer's claims about an order (bad fruit, a missing or wrong box) and their photos, kept in
-- the database so that every instance serves them. Times are Unix milliseconds (UTC).

-- `idempotency_key` is the hash of the client's key (`tokens::key_hash`), unique per order: a
-- retry finds the claim it made; `fingerprint` tells a retry from another claim with that key.
CREATE TABLE claims (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    order_seq       BIGINT NOT NULL REFERENCES orders (seq),
    idempotency_key TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('damaged', 'missing', 'wrong', 'other')),
    apples          BIGINT CHECK (apples BETWEEN 1 AND 1000),
    message         TEXT,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
    outcome         TEXT    CHECK (outcome IN ('refund', 'resend', 'rejected')),
    refund_fen      BIGINT CHECK (refund_fen > 0),
    outcome_message TEXT,
    resolved_by     TEXT,
    created_ms      BIGINT NOT NULL,
    resolved_ms     BIGINT,
    UNIQUE (order_seq, idempotency_key),
    CHECK ((status = 'open') = (outcome IS NULL))
);

CREATE INDEX claims_by_status ON claims (status, seq);

-- Up to three photos a claim, n from 1, with the type found in their bytes.
CREATE TABLE claim_photos (
    claim_seq    BIGINT NOT NULL REFERENCES claims (seq),
    n            BIGINT NOT NULL CHECK (n BETWEEN 1 AND 3),
    content_type TEXT    NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BYTEA   NOT NULL,
    PRIMARY KEY (claim_seq, n)
);
