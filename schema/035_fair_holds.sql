-- Fair holds (issue 11, item 2): a cart is no way to keep an event unbuyable.
--
-- client:   the remote address that took the hold; holds per address are
--           capped (Limits.HoldPlacesPerAddress, ...PerAddressEvent).
-- first_at: when this cart (or this address) first held places of the
--           event (see hold_clients); a renewed hold carries it on and
--           never expires later than first_at + Limits.HoldMaxSeconds.
ALTER TABLE holds
  ADD COLUMN client VARCHAR(64) NOT NULL DEFAULT '' AFTER user_id,
  ADD COLUMN first_at DATETIME(6) NULL AFTER price,
  ADD KEY holds_client (client, expires_at),
  ADD KEY holds_user (user_id, event_id),
  ADD KEY holds_event_live (event_id, expires_at, quantity);

-- One row per client key, only ever upserted under a hold: "a:<address>",
-- "c:<cart>", "u:<user id>" are locks (their row lock serialises the holds
-- of one client, so counting its live holds and adding to them is one step
-- for the database, never a race between two requests); "ae:<address>:<event>"
-- and "ce:<cart>:<event>" also remember since when that address or cart has
-- held the event (since) and until when (until), so a hold that lapsed and
-- is taken again at once still counts from the first time
-- (Limits.HoldMaxSeconds, then Limits.HoldCooldownSeconds).  Rows not seen
-- for a day are swept.
CREATE TABLE hold_clients (
  k        VARCHAR(100) NOT NULL PRIMARY KEY,
  seen_at  DATETIME NOT NULL,
  since    DATETIME NULL,
  until    DATETIME NULL,
  KEY hold_clients_seen (seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
