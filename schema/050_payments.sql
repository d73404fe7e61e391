-- Payments through a hosted provider (issue 14).
--
-- An order of a paid event under a hosted provider (Stripe Checkout) is
-- written as pending_payment: no tickets yet, its places stay as holds under
-- the order's own cart (pay_cart) until expires_at.  A signed webhook makes it
-- paid (the tickets are written then); the expiry sweep makes it expired and
-- gives the places back.  refunded / cancelled follow a paid order.  'pending'
-- is the old unused value, kept so that no row can fail the change.
ALTER TABLE orders
  MODIFY status ENUM('paid','pending','cancelled','pending_payment','expired','refunded')
    NOT NULL DEFAULT 'paid',
  ADD COLUMN pay_cart    CHAR(43) NULL,          -- the holds a pending order keeps
  ADD COLUMN pay_lines   LONGTEXT NULL,          -- {"seats": [ids]} or {"quantity": n}: taken again after expiry
  ADD COLUMN expires_at  DATETIME(6) NULL,       -- end of the hold while pending_payment
  ADD COLUMN pay_session VARCHAR(255) NULL,      -- the provider's checkout (Stripe: cs_...)
  ADD COLUMN pay_url     VARCHAR(2048) NULL,     -- where the buyer pays
  ADD COLUMN pay_ref     VARCHAR(255) NULL,      -- the provider's payment (Stripe: pi_...)
  ADD COLUMN refunded    BIGINT NOT NULL DEFAULT 0,   -- minor units given back so far
  ADD KEY orders_pending (status, expires_at);

-- The payment history of an order: every charge and refund, as the provider
-- answered.  A refund row is written (state 'pending') in the transaction that
-- cancels; its job asks the provider and marks it done.
CREATE TABLE payments (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id   BIGINT UNSIGNED NOT NULL,
  kind       ENUM('charge','refund') NOT NULL,
  amount     BIGINT NOT NULL,                    -- minor units
  currency   CHAR(3) NOT NULL,
  provider   VARCHAR(20) NOT NULL,
  ref        VARCHAR(255) NULL,                  -- pi_... for a charge, re_... for a refund
  of_ref     VARCHAR(255) NULL,                  -- a refund's charge (pi_...)
  state      ENUM('pending','done','failed') NOT NULL DEFAULT 'pending',
  note       VARCHAR(300) NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  done_at    DATETIME NULL,
  KEY payments_order (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Webhook events seen: the unique key makes each processed once, whatever
-- the provider sends again.
CREATE TABLE payment_events (
  provider    VARCHAR(20) NOT NULL,
  event_id    VARCHAR(255) NOT NULL,
  type        VARCHAR(100) NOT NULL,
  received_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (provider, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
