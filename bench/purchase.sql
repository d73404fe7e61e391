-- bench/purchase.sql — the floor of the flash sale: the SQL of one API purchase
-- of two seats, sent straight to MariaDB by bench/flashgen (one statement per
-- round trip, as the worker sends them).  It is the purchase as issue 10 point 4
-- makes it: holds -> order, tickets in one multi-row INSERT, the counters and one
-- job row naming the order.  Keep it in step with domain/orders.c and holds.c;
-- the bench prints this file's statement count next to the measured one.
--
-- flashgen sets, per buyer, before these: @ev (event id), @uid (user id),
-- @buyer ('u:<id>'), @cart (a random cart id), @s1, @s2 (seat ids), @c1, @c2
-- (ticket codes).  One statement per line group, ended by ';' at a line's end.
-- The transaction is framed as db/db.c frames it (mysql_autocommit around it).
SET autocommit = 0;
DELETE FROM holds WHERE event_id = @ev AND expires_at <= UTC_TIMESTAMP(6) RETURNING seat_id, quantity;
DELETE FROM holds WHERE cart = @cart AND event_id = @ev RETURNING seat_id, quantity;
INSERT INTO holds (cart, user_id, event_id, seat_id, quantity, category, price, expires_at)
  SELECT @cart, @uid, e.id, s.id, 1, s.category, p.price, UTC_TIMESTAMP(6) + INTERVAL 600 SECOND
  FROM events e JOIN seats s ON s.venue_id = e.venue_id AND s.id IN (@s1, @s2)
  JOIN event_prices p ON p.event_id = e.id AND p.category = s.category
  WHERE e.id = @ev AND e.seated = 1 AND e.status = 'published' AND NOT EXISTS
  (SELECT 1 FROM tickets t WHERE t.event_id = e.id AND t.live_seat = s.id);
SELECT h.id, h.event_id, h.seat_id, h.quantity, h.category, h.price, h.expires_at,
  TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), h.expires_at) AS seconds_left,
  s.row_label, s.seat_label, sec.name AS section
  FROM holds h LEFT JOIN seats s ON s.id = h.seat_id
  LEFT JOIN venue_sections sec ON sec.id = s.section_id
  WHERE h.cart = @cart AND h.event_id = @ev AND h.expires_at > UTC_TIMESTAMP(6)
  ORDER BY h.event_id, sec.position, s.row_label, s.seat_label FOR UPDATE;
INSERT IGNORE INTO buyer_counts (event_id, buyer, tickets) VALUES (@ev, @buyer, 0);
UPDATE buyer_counts SET tickets = tickets + 2 WHERE event_id = @ev AND buyer = @buyer AND tickets + 2 <= 4;
INSERT INTO orders (event_id, user_id, buyer, buyer_email, buyer_name, buyer_phone, lang, status, total, currency, provider, idempotency_key)
  VALUES (@ev, @uid, @buyer, CONCAT(@buyer, '@bench.test'), 'Flash Buyer', NULL, 'en', 'paid', 1300000, 'KZT', 'free', NULL);
SET @order = LAST_INSERT_ID();
INSERT INTO tickets (code, order_id, event_id, seat_id, category, price)
  SELECT IF(h.seat_id = @s1, @c1, @c2), @order, h.event_id, h.seat_id, h.category, h.price
  FROM holds h WHERE h.cart = @cart AND h.event_id = @ev;
DELETE FROM holds WHERE cart = @cart AND event_id = @ev;
UPDATE orders SET answer = JSON_OBJECT('order_id', @order) WHERE id = @order;
INSERT INTO jobs (kind, payload, max_tries, run_at) VALUES ('bench_floor', JSON_OBJECT('order', @order), 8, UTC_TIMESTAMP(6) + INTERVAL 1 DAY);
UPDATE events SET sold = sold + 2, held = held - 0 WHERE id = @ev AND held >= 0 AND sold + 2 + held - 0 <= capacity;
COMMIT;
SET autocommit = 1;
