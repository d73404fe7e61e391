-- The public listing asks for published or cancelled events in date order.
-- With `status IN (...)` over (status, starts_at) MariaDB has to sort every
-- upcoming event for each page (a filesort over thousands of rows); one
-- generated flag lets a single index give them in order, so LIMIT stops early.
ALTER TABLE events
  ADD COLUMN listed TINYINT(1) AS (status IN ('published','cancelled')) PERSISTENT,
  ADD KEY events_listed (listed, starts_at, id),
  ADD KEY events_starts (starts_at, id);
