-- bench/seed_large.sql — 10,000 events and 1,000,000 tickets for the listing
-- and "top events" benchmarks.  Generated with MariaDB's SEQUENCE engine, so it
-- needs no client-side loop.  Run only against a bench instance (./dev bench).
SET @org = (SELECT id FROM users WHERE role = 'organiser' ORDER BY id LIMIT 1);
SET @before = (SELECT COALESCE(MAX(id), 0) FROM events);

-- 90% published, 5% drafts, 5% cancelled; spread over the next two years,
-- with about 4% already in the past (must not be listed).
INSERT INTO events (organiser_id, venue_id, location, name, description, starts_at,
                    duration_minutes, seated, capacity, sold, currency, status)
SELECT @org, NULL, 'Bench hall, Semey',
       CONCAT(ELT(1 + seq % 6, 'Concert', 'Play', 'Match', 'Lecture', 'Festival', 'Show'), ' #', seq),
       CONCAT('Seeded for the benchmark: event number ', seq, '.'),
       UTC_TIMESTAMP() - INTERVAL 30 DAY + INTERVAL (seq * 7919 % 1051200) MINUTE,
       120, 0, 1000, 0, 'KZT',
       CASE WHEN seq % 20 = 0 THEN 'draft' WHEN seq % 20 = 1 THEN 'cancelled' ELSE 'published' END
FROM seq_1_to_10000;

INSERT INTO event_prices (event_id, category, price)
SELECT id, 'GA', 100000 + (id % 50) * 10000 FROM events WHERE id > @before;

-- 250,000 orders of 4 tickets; sales are skewed so that a few events sell far
-- more than the rest (a cube of a uniform number), as real sales are.
INSERT INTO orders (event_id, buyer_email, buyer_name, status, total, currency, provider)
SELECT @before + 1 + FLOOR(9999 * POW((seq * 7907 % 250000) / 250000, 3)),
       CONCAT('buyer', seq, '@bench.test'), 'Bench buyer', 'paid', 400000, 'KZT', 'free'
FROM seq_1_to_250000;

INSERT INTO tickets (code, order_id, event_id, seat_id, category, price, status)
SELECT UPPER(LEFT(MD5(CONCAT(o.id, '-', s.seq)), 24)), o.id, o.event_id, NULL, 'GA', 100000, 'valid'
FROM orders o JOIN seq_0_to_3 s
WHERE o.event_id > @before;

UPDATE events e
JOIN (SELECT event_id, COUNT(*) AS n FROM tickets WHERE event_id > @before GROUP BY event_id) t
  ON t.event_id = e.id
SET e.capacity = GREATEST(e.capacity, t.n + 50), e.sold = t.n;

ANALYZE TABLE events, tickets, orders, event_prices;
