-- The seat map's version: a counter on the event, bumped in every
-- transaction that changes what GET /api/events/{id}/seats/ answers, so the
-- answer's ETag (and each worker's copy of the body) is keyed on it and a
-- 304 costs one indexed read.  It is only a cache key: who gets a seat is
-- still decided by holds' unique key and the conditional counter updates.
--
-- The busy writes bump it from C, last in their transaction or folded into
-- the event row's own update (holds taken, released and swept, sales,
-- cancels, seat changes, prices; db/db_sql.c STMT_TK_SEATMAP_BUMP).  The
-- rare writes that touch many rows (a hall plan replaced or edited, a
-- waiting list claim moving holds between carts) bump it from these
-- triggers, so no code path can forget them.  Not on event_prices: a
-- trigger there that updates events refuses INSERT ... SELECT FROM events
-- (error 1442), which bench/seed_large.sql uses.
ALTER TABLE events ADD COLUMN seatmap_version BIGINT UNSIGNED NOT NULL DEFAULT 0;

-- the ETag counts the event's holds that have run out but are not swept yet
ALTER TABLE holds ADD KEY holds_event_expiry (event_id, expires_at);

CREATE TRIGGER seats_map_ins AFTER INSERT ON seats FOR EACH ROW
  UPDATE events SET seatmap_version = seatmap_version + 1 WHERE venue_id = NEW.venue_id;
CREATE TRIGGER seats_map_upd AFTER UPDATE ON seats FOR EACH ROW
  UPDATE events SET seatmap_version = seatmap_version + 1
  WHERE venue_id IN (OLD.venue_id, NEW.venue_id);
CREATE TRIGGER seats_map_del AFTER DELETE ON seats FOR EACH ROW
  UPDATE events SET seatmap_version = seatmap_version + 1 WHERE venue_id = OLD.venue_id;
CREATE TRIGGER sections_map_upd AFTER UPDATE ON venue_sections FOR EACH ROW
  UPDATE events SET seatmap_version = seatmap_version + 1
  WHERE venue_id IN (OLD.venue_id, NEW.venue_id);
CREATE TRIGGER holds_map_upd AFTER UPDATE ON holds FOR EACH ROW
  UPDATE events SET seatmap_version = seatmap_version + 1
  WHERE id IN (OLD.event_id, NEW.event_id);
