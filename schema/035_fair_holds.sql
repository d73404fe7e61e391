-- Fair holds (issue 11, item 2): a cart is no way to keep an event unbuyable.
--
-- client:   the remote address that took the hold; holds per address are
--           capped (Limits.HoldPlacesPerAddress, ...PerAddressEvent).
-- first_at: when this cart (or this address) first held places of the
--           event; a renewed hold carries it on and never expires later
--           than first_at + Limits.HoldMaxSeconds.
ALTER TABLE holds
  ADD COLUMN client VARCHAR(64) NOT NULL DEFAULT '' AFTER user_id,
  ADD COLUMN first_at DATETIME(6) NULL AFTER price,
  ADD KEY holds_client (client, expires_at),
  ADD KEY holds_user (user_id, event_id),
  ADD KEY holds_event_live (event_id, expires_at, quantity);

-- One row per client key ("a:<address>", "c:<cart>", "u:<user id>"), only
-- ever upserted at the start of a hold: its row lock serialises the holds of
-- one client, so counting its live holds and adding to them is one step for
-- the database, never a race between two requests.  Old rows are swept.
CREATE TABLE hold_clients (
  k        VARCHAR(100) NOT NULL PRIMARY KEY,
  seen_at  DATETIME NOT NULL,
  KEY hold_clients_seen (seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
