-- The door and the sales dashboard (issue 12, points 4 and 5).
--
-- A check-in records which door let the ticket in and who scanned it, so a
-- second scan can say "already used at 19:02, North door".  A cancellation
-- records when it happened, so the dashboard can draw cancellations over
-- time: a trigger sets it for every path that cancels or voids a ticket
-- (the holder, the organiser, a cancelled event), none of which need know.
--
-- The dashboard reads tickets of one event at a time through these keys:
-- tickets_sales covers the sales over time and by category (no table
-- rows read), tickets_checkins and tickets_cancels the other two series.
ALTER TABLE tickets
  ADD COLUMN checked_in_door VARCHAR(40) NULL AFTER checked_in_at,
  ADD COLUMN checked_in_by BIGINT UNSIGNED NULL AFTER checked_in_door,
  ADD COLUMN cancelled_at DATETIME NULL,
  ADD KEY tickets_sales (event_id, created_at, status, category, price),
  ADD KEY tickets_checkins (event_id, checked_in_at),
  ADD KEY tickets_cancels (event_id, cancelled_at, price);

-- What was cancelled before this migration: its last change is the best guess.
UPDATE tickets SET cancelled_at = updated_at WHERE status IN ('cancelled', 'voided');

CREATE TRIGGER tickets_cancelled_at BEFORE UPDATE ON tickets FOR EACH ROW
  SET NEW.cancelled_at = IF(NEW.status IN ('cancelled', 'voided') AND OLD.status IN ('valid', 'used')
    AND NEW.cancelled_at IS NULL, UTC_TIMESTAMP(), NEW.cancelled_at);
