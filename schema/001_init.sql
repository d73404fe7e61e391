-- Kametay schema, first migration: accounts, sessions, jobs, venues, events.
-- Times are UTC (every connection sets time_zone = '+00:00').
-- Money is in minor units (tiyn for KZT).

CREATE TABLE users (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email         VARCHAR(254) NULL,          -- NULL once the account is deleted (anonymised)
  pending_email VARCHAR(254) NULL,          -- new address waiting for its confirmation
  password_hash VARCHAR(255) NOT NULL,
  first_name    VARCHAR(100) NOT NULL,
  last_name     VARCHAR(100) NOT NULL,
  age           SMALLINT UNSIGNED NOT NULL,
  role          ENUM('attendee','organiser','admin') NOT NULL DEFAULT 'attendee',
  lang          CHAR(2) NOT NULL DEFAULT 'en',
  verified      TINYINT(1) NOT NULL DEFAULT 0,
  blocked       TINYINT(1) NOT NULL DEFAULT 0,
  deleted_at    DATETIME NULL,
  created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY users_email (email),
  KEY users_role (role)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash  BINARY(32) NOT NULL,          -- SHA-256 of the cookie value; the value itself is never stored
  user_id     BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME NOT NULL,
  last_seen   DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,            -- absolute expiry
  UNIQUE KEY sessions_token (token_hash),
  KEY sessions_user (user_id),
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Single-use mailed links: email verification, password reset, email change, sign-in link.
CREATE TABLE user_tokens (
  token_hash  BINARY(32) NOT NULL PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  kind        ENUM('verify','reset','email_change','login') NOT NULL,
  data        VARCHAR(254) NULL,
  created_at  DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,
  used_at     DATETIME NULL,
  KEY user_tokens_user (user_id, kind, created_at),
  CONSTRAINT user_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE login_failures (
  id      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email   VARCHAR(254) NOT NULL,
  ip      VARCHAR(45) NOT NULL,
  at      DATETIME NOT NULL,
  KEY login_failures_email (email, at),
  KEY login_failures_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  token_hash  BINARY(32) NOT NULL PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  family      CHAR(22) NOT NULL,
  created_at  DATETIME NOT NULL,
  expires_at  DATETIME NOT NULL,
  used_at     DATETIME NULL,
  revoked_at  DATETIME NULL,
  KEY refresh_family (family),
  KEY refresh_user (user_id),
  CONSTRAINT refresh_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE role_changes (
  id        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  actor_id  BIGINT UNSIGNED NOT NULL,
  target_id BIGINT UNSIGNED NOT NULL,
  old_role  VARCHAR(16) NOT NULL,
  new_role  VARCHAR(16) NOT NULL,   -- a role, or 'blocked' / 'unblocked'
  at        DATETIME NOT NULL,
  KEY role_changes_at (at)
) ENGINE=InnoDB;

-- Slow work: claimed with a lease (FOR UPDATE SKIP LOCKED), retried with back-off.
CREATE TABLE jobs (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind        VARCHAR(32) NOT NULL,
  payload     LONGTEXT NOT NULL CHECK (JSON_VALID(payload)),
  state       ENUM('queued','running','done','dead') NOT NULL DEFAULT 'queued',
  tries       INT UNSIGNED NOT NULL DEFAULT 0,
  max_tries   INT UNSIGNED NOT NULL DEFAULT 8,
  run_at      DATETIME(6) NOT NULL,
  lease_until DATETIME(6) NULL,
  last_error  VARCHAR(1000) NULL,
  created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  done_at     DATETIME(6) NULL,
  KEY jobs_due (state, run_at),
  KEY jobs_lease (state, lease_until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE venues (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_id       BIGINT UNSIGNED NULL,
  name           VARCHAR(200) NOT NULL,
  kind           VARCHAR(40) NOT NULL DEFAULT 'hall',
  address        VARCHAR(300) NOT NULL,
  capacity       INT UNSIGNED NOT NULL,
  seated         TINYINT(1) NOT NULL DEFAULT 0,
  price_per_hour BIGINT NOT NULL DEFAULT 0,
  status         ENUM('active','inactive') NOT NULL DEFAULT 'active',
  created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY venues_owner (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE venue_sections (
  id        BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  venue_id  BIGINT UNSIGNED NOT NULL,
  name      VARCHAR(100) NOT NULL,
  position  INT NOT NULL DEFAULT 0,
  UNIQUE KEY venue_sections_name (venue_id, name),
  CONSTRAINT venue_sections_venue_fk FOREIGN KEY (venue_id) REFERENCES venues (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE seats (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  venue_id    BIGINT UNSIGNED NOT NULL,
  section_id  BIGINT UNSIGNED NOT NULL,
  row_label   VARCHAR(10) NOT NULL,
  seat_label  VARCHAR(10) NOT NULL,
  x           INT NOT NULL,
  y           INT NOT NULL,
  category    VARCHAR(20) NOT NULL DEFAULT 'A',
  UNIQUE KEY seats_place (section_id, row_label, seat_label),
  KEY seats_venue (venue_id),
  CONSTRAINT seats_section_fk FOREIGN KEY (section_id) REFERENCES venue_sections (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE events (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organiser_id     BIGINT UNSIGNED NOT NULL,
  venue_id         BIGINT UNSIGNED NULL,
  location         VARCHAR(300) NULL,      -- free text for general admission away from a venue
  name             VARCHAR(200) NOT NULL,
  description      TEXT NOT NULL,
  starts_at        DATETIME NOT NULL,
  duration_minutes INT UNSIGNED NOT NULL,
  seated           TINYINT(1) NOT NULL DEFAULT 0,
  capacity         INT UNSIGNED NOT NULL,
  sold             INT UNSIGNED NOT NULL DEFAULT 0,  -- kept by the purchase transaction; never above capacity
  currency         CHAR(3) NOT NULL DEFAULT 'KZT',
  max_per_person   INT UNSIGNED NOT NULL DEFAULT 4,
  sales_start      DATETIME NULL,
  sales_end        DATETIME NULL,
  status           ENUM('draft','published','cancelled','completed') NOT NULL DEFAULT 'draft',
  image            VARCHAR(100) NULL,
  created_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at       DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY events_listing (status, starts_at),
  KEY events_venue (venue_id, starts_at),
  KEY events_organiser (organiser_id),
  CONSTRAINT events_venue_fk FOREIGN KEY (venue_id) REFERENCES venues (id),
  CONSTRAINT events_sold_cap CHECK (sold <= capacity)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE event_prices (
  event_id  BIGINT UNSIGNED NOT NULL,
  category  VARCHAR(20) NOT NULL,
  price     BIGINT NOT NULL,
  PRIMARY KEY (event_id, category),
  CONSTRAINT event_prices_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
