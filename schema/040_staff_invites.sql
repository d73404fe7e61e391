-- "Add staff" by email (issue 11, item 6): the answer is the same whether the
-- address has an account or not.  A verified account joins the team at once;
-- any other address is kept here as an invitation (mailed either way) and
-- joins when an account with that address is confirmed (acct_verify).
CREATE TABLE staff_invites (
  event_id   BIGINT UNSIGNED NOT NULL,
  email      VARCHAR(254) NOT NULL,
  role       ENUM('organiser','door') NOT NULL,
  invited_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (event_id, email),
  KEY staff_invites_email (email),
  CONSTRAINT staff_invites_event_fk FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
