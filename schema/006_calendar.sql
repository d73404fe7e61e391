-- Calendar files, the personal feed, Google Calendar sync and reminders.

-- iCalendar SEQUENCE: raised on every change a calendar should pick up (an
-- event edited or cancelled; a ticket cancelled or moved to another seat).
-- A ticket's SEQUENCE is the sum of both, so either change raises it.
ALTER TABLE events ADD COLUMN calendar_seq INT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN calendar_seq INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN reminded_at DATETIME NULL;           -- the 24-hour reminder went out

-- The personal feed: /calendar/<token>.ics.  The token is HMAC(server
-- secret, user id + nonce), so the profile can show it again while the
-- database keeps only its SHA-256 (for the lookup) and the nonce; a new
-- nonce is a new link and the old one stops working.
ALTER TABLE users ADD COLUMN calendar_nonce CHAR(32) NULL,
  ADD COLUMN calendar_hash BINARY(32) NULL,
  ADD COLUMN reminders TINYINT(1) NOT NULL DEFAULT 1,   -- the day-before mail
  ADD UNIQUE KEY users_calendar (calendar_hash);

-- Guests have no users row: their "no reminders" is kept by address.
CREATE TABLE reminder_optouts (
  email      VARCHAR(254) NOT NULL PRIMARY KEY,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A user's Google Calendar connection (OAuth 2.0 tokens, server-side only).
CREATE TABLE gcal_links (
  user_id        BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  status         ENUM('connected','revoked') NOT NULL DEFAULT 'connected',
  access_token   VARCHAR(2048) NULL,
  access_expires DATETIME NULL,
  refresh_token  VARCHAR(2048) NULL,
  connected_at   DATETIME NOT NULL,
  revoked_at     DATETIME NULL,
  last_error     VARCHAR(300) NULL,
  CONSTRAINT gcal_links_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- One Google event per ticket.  google_id is deterministic (derived from the
-- ticket code), so a retried insert meets a 409 instead of a second event.
CREATE TABLE gcal_events (
  ticket_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  user_id    BIGINT UNSIGNED NOT NULL,
  google_id  VARCHAR(1024) NOT NULL,
  state      ENUM('live','deleted') NOT NULL,
  synced_seq INT UNSIGNED NOT NULL,                -- the SEQUENCE Google has
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY gcal_events_user (user_id),
  CONSTRAINT gcal_events_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
