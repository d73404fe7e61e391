-- Counters that throttle: one row per key ("login:<address>",
-- "register:<client>", "exists-mail:<address>"), its count and when its
-- window began.  Taking an attempt is one INSERT … ON DUPLICATE KEY UPDATE
-- whose row lock referees parallel requests, so twenty wrong passwords sent
-- at once cannot all be counted as the first (issue 11, items 5 and 6).
CREATE TABLE attempt_counters (
  k      VARCHAR(320) NOT NULL PRIMARY KEY,
  n      INT UNSIGNED NOT NULL,
  since  DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
