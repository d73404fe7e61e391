-- Organisers' side: staff per event, clients, post-event reports, and the
-- orders and tickets that sales, cancellation and reports count.

-- Co-organisers (all rights on one event) and door staff (check-in only).
CREATE TABLE event_staff (
  event_id   BIGINT UNSIGNED NOT NULL,
  user_id    BIGINT UNSIGNED NOT NULL,
  role       ENUM('organiser','door') NOT NULL,
  added_by   BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (event_id, user_id),
  KEY event_staff_user (user_id),
  CONSTRAINT event_staff_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
  CONSTRAINT event_staff_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE clients (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organiser_id BIGINT UNSIGNED NOT NULL,
  name         VARCHAR(200) NOT NULL,
  email        VARCHAR(254) NULL,
  phone        VARCHAR(40) NULL,
  address      VARCHAR(300) NULL,
  notes        TEXT NULL,             -- history of the relationship
  feedback     TEXT NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY clients_organiser (organiser_id, name),
  CONSTRAINT clients_organiser_fk FOREIGN KEY (organiser_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE events
  ADD COLUMN client_id BIGINT UNSIGNED NULL AFTER venue_id,
  ADD COLUMN near_capacity_sent TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN cancelled_at DATETIME NULL,
  ADD KEY events_client (client_id),
  ADD KEY events_sold (sold),
  ADD CONSTRAINT events_client_fk FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE SET NULL;

CREATE TABLE event_reports (
  event_id    BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  summary     TEXT NOT NULL,
  feedback    TEXT NULL,
  attendance  INT UNSIGNED NOT NULL,     -- filled in by the system: tickets checked in
  sold        INT UNSIGNED NOT NULL,     -- tickets sold and not cancelled
  revenue     BIGINT NOT NULL,           -- minor units
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT event_reports_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id        BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NULL,        -- NULL for a guest
  buyer_email     VARCHAR(254) NOT NULL,
  buyer_name      VARCHAR(200) NOT NULL,
  buyer_phone     VARCHAR(40) NULL,
  lang            CHAR(2) NOT NULL DEFAULT 'en',
  status          ENUM('paid','pending','cancelled') NOT NULL DEFAULT 'paid',
  total           BIGINT NOT NULL,
  currency        CHAR(3) NOT NULL,
  provider        VARCHAR(20) NOT NULL DEFAULT 'free',
  idempotency_key VARCHAR(100) NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY orders_idem (user_id, idempotency_key),
  KEY orders_event (event_id),
  KEY orders_email (buyer_email),
  CONSTRAINT orders_event_fk FOREIGN KEY (event_id) REFERENCES events (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A seat can be sold once per event: the unique key covers only live tickets
-- (valid or used); cancelled and voided ones leave `live_seat` NULL.
CREATE TABLE tickets (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code         CHAR(24) NOT NULL,
  order_id     BIGINT UNSIGNED NOT NULL,
  event_id     BIGINT UNSIGNED NOT NULL,
  seat_id      BIGINT UNSIGNED NULL,
  category     VARCHAR(20) NOT NULL,
  price        BIGINT NOT NULL,
  status       ENUM('valid','used','cancelled','voided') NOT NULL DEFAULT 'valid',
  live_seat    BIGINT UNSIGNED AS (IF(status IN ('valid','used'), seat_id, NULL)) PERSISTENT,
  checked_in_at DATETIME NULL,
  created_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at   DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY tickets_code (code),
  UNIQUE KEY tickets_live_seat (event_id, live_seat),
  KEY tickets_order (order_id),
  KEY tickets_event_status (event_id, status),
  CONSTRAINT tickets_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT tickets_event_fk FOREIGN KEY (event_id) REFERENCES events (id),
  CONSTRAINT tickets_seat_fk FOREIGN KEY (seat_id) REFERENCES seats (id)
) ENGINE=InnoDB;
