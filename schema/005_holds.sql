-- Buying: holds in a cart, per-buyer limits, idempotent orders, waitlist.

-- A hold keeps places for one cart until expires_at.  A seat can be held by
-- one cart only (unique key); general admission holds carry a quantity and
-- are counted in events.held, so sold + held never passes capacity (a
-- conditional update, never read-then-write in C).
CREATE TABLE holds (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  cart        CHAR(43) NOT NULL,            -- the visitor's cart token (hashed session-independent id)
  user_id     BIGINT UNSIGNED NULL,
  event_id    BIGINT UNSIGNED NOT NULL,
  seat_id     BIGINT UNSIGNED NULL,         -- NULL for general admission
  quantity    INT UNSIGNED NOT NULL DEFAULT 1,
  category    VARCHAR(20) NOT NULL,
  price       BIGINT NOT NULL,
  expires_at  DATETIME(6) NOT NULL,
  UNIQUE KEY holds_seat (event_id, seat_id),
  KEY holds_cart (cart),
  KEY holds_expiry (expires_at),
  CONSTRAINT holds_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT holds_seat_fk FOREIGN KEY (seat_id) REFERENCES seats (id)
) ENGINE=InnoDB;

ALTER TABLE events ADD COLUMN held INT UNSIGNED NOT NULL DEFAULT 0 AFTER sold,
  ADD CONSTRAINT events_held_cap CHECK (sold + held <= capacity);

-- Tickets per buyer and event: one row per (event, buyer), updated in the
-- purchase transaction, so two purchases by one buyer serialise on it.
-- buyer is "u:<user id>" or "e:<email>" for guests.
CREATE TABLE buyer_counts (
  event_id BIGINT UNSIGNED NOT NULL,
  buyer    VARCHAR(260) NOT NULL,
  tickets  INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, buyer),
  CONSTRAINT buyer_counts_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Idempotency: one order per (buyer, key).  The old key on (user_id, key) let
-- guests (user_id NULL) through twice.
ALTER TABLE orders DROP KEY orders_idem,
  ADD COLUMN buyer VARCHAR(260) NOT NULL DEFAULT '' AFTER user_id,
  ADD COLUMN answer LONGTEXT NULL,          -- the first answer, replayed for a retry
  ADD UNIQUE KEY orders_idem (buyer, idempotency_key),
  ADD KEY orders_user (user_id);

CREATE TABLE waitlist (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id    BIGINT UNSIGNED NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  offered_at  DATETIME NULL,
  offer_until DATETIME NULL,
  offer_cart  CHAR(43) NULL,                -- the hold's cart; the claim link carries it
  offer_seat  BIGINT UNSIGNED NULL,         -- the seat offered, on a seated event
  state       ENUM('waiting','offered','done','expired') NOT NULL DEFAULT 'waiting',
  UNIQUE KEY waitlist_once (event_id, user_id),
  KEY waitlist_queue (event_id, state, id),
  CONSTRAINT waitlist_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT waitlist_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;
