-- Idempotency (issue 11, item 8): a key names one request.  The order keeps
-- the SHA-256 of what was asked (event, seats or quantity or the cart,
-- buyer); the same key with another request is refused (422
-- idempotency_mismatch) instead of getting the first answer back.
ALTER TABLE orders ADD COLUMN fingerprint CHAR(64) NULL AFTER idempotency_key;
