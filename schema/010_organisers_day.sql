-- The audit log (issue 12): every change an organiser or an admin makes to
-- an event, a venue, a plan, staff, an order or a role, with who, when and
-- the value before and after.  Read newest first per event, per venue and
-- for the whole site (the admin's page): one index for each.
CREATE TABLE audit_log (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  actor_id   BIGINT UNSIGNED NULL,
  event_id   BIGINT UNSIGNED NULL,
  venue_id   BIGINT UNSIGNED NULL,
  target_id  BIGINT UNSIGNED NULL,     -- an order, a user: what the action names
  action     VARCHAR(40) NOT NULL,
  field      VARCHAR(200) NULL,
  before_value TEXT NULL,
  after_value  TEXT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY audit_event (event_id, id),
  KEY audit_venue (venue_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The organiser's search of an event's buyers filters orders by event and
-- reads tickets by order; tickets_event_status and tickets_order exist.

-- The event lists (upcoming by start, past backwards) use events_starts
-- (starts_at, id) from 004.
