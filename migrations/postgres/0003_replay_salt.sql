-- Plain tokens are no longer kept for idempotent retries: an order keeps a random salt for 48
-- hours instead, and its token is made again from the salt and the idempotency key the retry
-- presents (see src/server/tokens.rs); the key itself is kept only as its SHA-256 (hex). Tokens
-- of orders placed before this change are forgotten now: a retry of one of them is answered 422
-- `idempotency_key_reused`, as after 48 hours, and the buyer's link keeps working.
DROP INDEX orders_replay_by_age;
ALTER TABLE orders DROP COLUMN replay_token;
ALTER TABLE orders ADD COLUMN replay_salt BYTEA;
UPDATE orders SET idempotency_key = encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex');
CREATE INDEX orders_replay_by_age ON orders (created_ms) WHERE replay_salt IS NOT NULL;
