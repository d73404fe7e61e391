/*
 * Every SQL statement Kametay runs, by id.  Placeholders only: no SQL text
 * is ever built from data.
 */
#include "config.h"

#include "db/stmt.h"

/*
 * Content in three languages (schema/065): a text X comes with X__en,
 * X__ru and X__kk, its translations, and db_query puts the visitor's into
 * X (db/db.c dbres_localise).  Search matches any of them.
 */
#define TR(col, alias) \
	", " col "_en AS " alias "__en, " col "_ru AS " alias "__ru, " col "_kk AS " alias "__kk"
#define ANY_LANG(col) "CONCAT_WS('\\n', " col ", " col "_en, " col "_ru, " col "_kk)"

/* The public listing's visible events: published or cancelled, not past. */
#define EVENT_COLS \
	"e.id, e.name" TR("e.name", "name") ", e.description" TR("e.description", "description") ", e.starts_at, e.duration_minutes, " \
	"e.currency, e.seated, e.capacity, e.sold, e.status, e.venue_id, " \
	"COALESCE(v.name, e.location) AS venue_name" TR("v.name", "venue_name") ", " \
	"COALESCE(v.address, e.location) AS venue_address, " \
	"(SELECT MIN(p.price) FROM event_prices p WHERE p.event_id = e.id) AS price_from, " \
	"(SELECT CONCAT(u.first_name, ' ', u.last_name) FROM users u " \
	"WHERE u.id = e.organiser_id) AS organiser_name, " \
	"e.image, (SELECT COALESCE(SUM(h.quantity), 0) FROM holds h WHERE h.event_id = e.id " \
	"AND h.expires_at > UTC_TIMESTAMP(6)) AS held_now, " \
	"(SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), MIN(h.expires_at)) FROM holds h " \
	"WHERE h.event_id = e.id AND h.expires_at > UTC_TIMESTAMP(6)) AS held_free_in "

#define EVENT_SEARCH \
	"FROM events e LEFT JOIN venues v ON v.id = e.venue_id " \
	"WHERE e.listed = 1 AND e.starts_at > UTC_TIMESTAMP() " \
	"AND (? IS NULL OR " ANY_LANG("e.name") " LIKE ? OR " ANY_LANG("e.description") " LIKE ? " \
	"OR " ANY_LANG("v.name") " LIKE ?) " \
	"AND (? IS NULL OR e.starts_at >= ?) AND (? IS NULL OR e.starts_at < ?) " \
	"AND (? IS NULL OR e.venue_id = ?) "

/*
 * The sales dashboard (domain/sales.c): an event row with its live
 * tickets, revenue, cancellations and check-ins (each a range of
 * tickets_sales or tickets_cancels), and the series' parts.
 */
#define SALES_EVENT_COLS \
	"SELECT e.id, e.name" TR("e.name", "name") ", e.starts_at, e.status, e.capacity, e.currency, " \
	"(SELECT COUNT(*) FROM tickets t WHERE t.event_id = e.id " \
	"AND t.status IN ('valid','used')) AS sold, " \
	"(SELECT COALESCE(SUM(t.price), 0) FROM tickets t WHERE t.event_id = e.id " \
	"AND t.status IN ('valid','used')) AS revenue, " \
	"(SELECT COUNT(*) FROM tickets t WHERE t.event_id = e.id " \
	"AND t.cancelled_at IS NOT NULL) AS cancelled, " \
	"(SELECT COUNT(*) FROM tickets t WHERE t.event_id = e.id " \
	"AND t.checked_in_at IS NOT NULL) AS checked_in FROM events e "
#define SALES_BY_EVENT "WHERE t.event_id = ? "
#define SALES_BY_ORG \
	"JOIN events e ON e.id = t.event_id WHERE e.organiser_id = ? AND e.status <> 'draft' "
#define SALES_SPAN "AND t.created_at >= ? AND t.created_at < ? "
#define SALES_LIVE "AND t.status IN ('valid','used') "
#define SALES_CANCELLED "AND t.cancelled_at IS NOT NULL "
#define SALES_ENTERED "AND t.checked_in_at IS NOT NULL "
#define SALES_DAYS \
	"SELECT DATE_FORMAT(t.created_at + INTERVAL ? SECOND, '%Y-%m-%d') AS slot, " \
	"COUNT(*) AS n, COALESCE(SUM(t.price), 0) AS amount FROM tickets t "
#define SALES_HOURS \
	"SELECT DATE_FORMAT(t.created_at + INTERVAL ? SECOND, '%H:00') AS slot, " \
	"COUNT(*) AS n, COALESCE(SUM(t.price), 0) AS amount FROM tickets t "
#define SALES_CATS \
	"SELECT t.category AS slot, COUNT(*) AS n, COALESCE(SUM(t.price), 0) AS amount " \
	"FROM tickets t "
#define SALES_CANCELS \
	"SELECT DATE_FORMAT(t.cancelled_at + INTERVAL ? SECOND, '%Y-%m-%d') AS slot, " \
	"COUNT(*) AS n, COALESCE(SUM(t.price), 0) AS amount FROM tickets t "
/* check-ins in quarters of an hour, local time */
#define SALES_CHECKINS \
	"SELECT CONCAT(DATE_FORMAT(x.at, '%Y-%m-%d %H:'), LPAD(MINUTE(x.at) DIV 15 * 15, 2, '0')) " \
	"AS slot, COUNT(*) AS n, 0 AS amount FROM (SELECT t.checked_in_at + INTERVAL ? SECOND " \
	"AS at FROM tickets t "

#define USER_COLS \
	"id, email, pending_email, typed_email, password_hash, first_name, last_name, age, role, " \
	"lang, verified, blocked, token_epoch, created_at "

/*
 * A ticket as calendars and ticket mails see it (calendar.c, gcal.c,
 * notify.c): the holder's current address and language when they have an
 * account, the order's otherwise; SEQUENCE is the event's plus the ticket's.
 */
#define CAL_TICKET \
	"SELECT t.id, t.code, t.status, t.calendar_seq + e.calendar_seq AS seq, t.seat_id, " \
	"s.row_label, s.seat_label, sec.name AS section" TR("sec.name", "section") ", o.user_id, " \
	"COALESCE(u.email, o.buyer_email) AS email, COALESCE(u.first_name, o.buyer_name) AS name, " \
	"COALESCE(u.lang, o.lang) AS lang, e.id AS event_id, e.name AS event_name" TR("e.name", "event_name") ", " \
	"e.description" TR("e.description", "description") ", e.starts_at, e.duration_minutes, e.status AS event_status, e.location, " \
	"v.name AS venue_name" TR("v.name", "venue_name") ", v.address AS venue_address " \
	"FROM tickets t JOIN orders o ON o.id = t.order_id JOIN events e ON e.id = t.event_id " \
	"LEFT JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL " \
	"LEFT JOIN venues v ON v.id = e.venue_id LEFT JOIN seats s ON s.id = t.seat_id " \
	"LEFT JOIN venue_sections sec ON sec.id = s.section_id "

/* One gcal_sync job per ticket whose buyer has Google Calendar connected. */
#define GCAL_QUEUE \
	"INSERT INTO jobs (kind, payload, max_tries, run_at) " \
	"SELECT 'gcal_sync', JSON_OBJECT('ticket', t.id), 8, UTC_TIMESTAMP(6) FROM tickets t " \
	"JOIN orders o ON o.id = t.order_id " \
	"JOIN gcal_links g ON g.user_id = o.user_id AND g.status = 'connected' "

/* A ticket with its buyer and seat, for the organiser's lists (attendees.c). */
#define ATT_COLS \
	"t.id, t.code, t.status, t.category, t.price, t.checked_in_at, t.order_id, " \
	"o.buyer_name, o.buyer_email, o.buyer_phone, o.created_at AS ordered_at, " \
	"s.row_label, s.seat_label, sec.name AS section" TR("sec.name", "section") " " \
	"FROM tickets t JOIN orders o ON o.id = t.order_id " \
	"LEFT JOIN seats s ON s.id = t.seat_id " \
	"LEFT JOIN venue_sections sec ON sec.id = s.section_id "

/* An audit entry with its actor's address and what it names. */
#define AUDIT_COLS \
	"SELECT a.id, a.action, a.field, a.before_value, a.after_value, a.created_at, " \
	"a.event_id, a.venue_id, a.target_id, u.email AS actor_email, e.name AS event_name" TR("e.name", "event_name") ", " \
	"v.name AS venue_name" TR("v.name", "venue_name") " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id " \
	"LEFT JOIN events e ON e.id = a.event_id LEFT JOIN venues v ON v.id = a.venue_id "

/* A venue with its owner's address and seat count (venues.c). */
#define VENUE_COLS \
	"v.id, v.owner_id, v.name" TR("v.name", "name") ", v.name_en, v.name_ru, v.name_kk, v.kind, v.address, v.capacity, v.seated, v.price_per_hour, " \
	"v.status, v.created_at, u.email AS owner_email, " \
	"(SELECT COUNT(*) FROM seats s WHERE s.venue_id = v.id) AS seats " \
	"FROM venues v LEFT JOIN users u ON u.id = v.owner_id "

const char *const stmt_sql[STMT__MAX] = {
	[STMT_PING] = "SELECT 1",

	[STMT_SESSION_GET] =
	    "SELECT s.id AS sid, u.id, COALESCE(u.email, u.typed_email) AS email, u.first_name, "
	    "u.role, u.lang, u.verified, "
	    "s.last_seen < UTC_TIMESTAMP() - INTERVAL 60 SECOND AS stale "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP() "
	    "AND s.last_seen > UTC_TIMESTAMP() - INTERVAL ? MINUTE "
	    "AND u.blocked = 0 AND u.deleted_at IS NULL",
	[STMT_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen = UTC_TIMESTAMP() WHERE id = ?",
	[STMT_SESSION_NEW] =
	    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? HOUR)",
	[STMT_SESSION_DEL] = "DELETE FROM sessions WHERE id = ?",
	[STMT_SESSION_DEL_USER] = "DELETE FROM sessions WHERE user_id = ?",
	[STMT_SESSION_DEL_USER_OTHERS] =
	    "DELETE FROM sessions WHERE user_id = ? AND id <> ?",

	[STMT_EVENTS_UPCOMING] =
	    "SELECT " EVENT_COLS EVENT_SEARCH
	    "ORDER BY e.starts_at, e.id LIMIT ? OFFSET ?",
	[STMT_EVENTS_UPCOMING_COUNT] = "SELECT COUNT(*) AS n " EVENT_SEARCH,
	[STMT_EVENT_GET] =
	    "SELECT " EVENT_COLS
	    "FROM events e LEFT JOIN venues v ON v.id = e.venue_id "
	    "WHERE e.id = ? AND e.status IN ('published','cancelled','completed')",

	[STMT_JOB_ADD] =
	    "INSERT INTO jobs (kind, payload, max_tries, run_at) "
	    "VALUES (?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)",
	[STMT_JOB_PICK] =
	    "SELECT id, kind, payload, tries, max_tries FROM jobs "
	    "WHERE (state = 'queued' AND run_at <= UTC_TIMESTAMP(6)) "
	    "OR (state = 'running' AND lease_until < UTC_TIMESTAMP(6)) "
	    "ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
	[STMT_JOB_LEASE] =
	    "UPDATE jobs SET state = 'running', tries = tries + 1, "
	    "lease_until = UTC_TIMESTAMP(6) + INTERVAL ? SECOND WHERE id = ?",
	[STMT_JOB_DONE] =
	    "UPDATE jobs SET state = 'done', done_at = UTC_TIMESTAMP(6), lease_until = NULL, "
	    "last_error = NULL WHERE id = ?",
	[STMT_JOB_FAIL] =
	    "UPDATE jobs SET state = IF(tries >= max_tries, 'dead', 'queued'), "
	    "run_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, lease_until = NULL, "
	    "last_error = LEFT(?, 1000) WHERE id = ?",
	[STMT_JOB_DEAD] =
	    "UPDATE jobs SET state = 'dead', lease_until = NULL, last_error = LEFT(?, 1000) "
	    "WHERE id = ?",

	[STMT_USER_COUNT] = "SELECT COUNT(*) AS n FROM users",
	[STMT_USER_ADD_DEMO] =
	    "INSERT INTO users (email, password_hash, first_name, last_name, age, role, "
	    "lang, verified) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
	[STMT_VENUE_ADD] =
	    "INSERT INTO venues (owner_id, name, kind, address, capacity, seated, price_per_hour) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_SECTION_ADD] =
	    "INSERT INTO venue_sections (venue_id, name, position) VALUES (?, ?, ?)",
	[STMT_SEAT_ADD] =
	    "INSERT INTO seats (venue_id, section_id, row_label, seat_label, x, y, category) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_EVENT_ADD] =
	    "INSERT INTO events (organiser_id, venue_id, location, name, description, "
	    "starts_at, duration_minutes, seated, capacity, currency, max_per_person, status) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_EVENT_PRICE_ADD] =
	    "INSERT INTO event_prices (event_id, category, price) VALUES (?, ?, ?)",

	[STMT_USER_BY_EMAIL] =
	    "SELECT " USER_COLS "FROM users WHERE email = ? AND deleted_at IS NULL",
	[STMT_USER_BY_ID] =
	    "SELECT " USER_COLS "FROM users WHERE id = ? AND deleted_at IS NULL",
	[STMT_USER_ADD] =
	    "INSERT INTO users (email, password_hash, first_name, last_name, age, role, lang) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	/* a known address registered from the page: the stand-in (schema/060) */
	[STMT_USER_ADD_STANDIN] =
	    "INSERT INTO users (email, typed_email, password_hash, first_name, last_name, age, role, "
	    "lang) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_USER_UPDATE_PROFILE] =
	    "UPDATE users SET first_name = ?, last_name = ?, age = ?, lang = ? WHERE id = ?",
	[STMT_USER_SET_PASSWORD] = "UPDATE users SET password_hash = ? WHERE id = ?",
	[STMT_USER_SET_VERIFIED] = "UPDATE users SET verified = 1 WHERE id = ?",
	[STMT_USER_SET_EMAIL] =
	    "UPDATE users SET email = ?, pending_email = NULL, typed_email = NULL, verified = 1 "
	    "WHERE id = ?",
	[STMT_USER_SET_PENDING_EMAIL] = "UPDATE users SET pending_email = ? WHERE id = ?",
	[STMT_USER_SET_ROLE] = "UPDATE users SET role = ? WHERE id = ?",
	[STMT_USER_SET_BLOCKED] = "UPDATE users SET blocked = ? WHERE id = ?",
	[STMT_USER_ANONYMISE] =
	    "UPDATE users SET email = NULL, pending_email = NULL, typed_email = NULL, "
	    "password_hash = '!', "
	    "first_name = '', last_name = '', age = 0, blocked = 1, "
	    "deleted_at = UTC_TIMESTAMP() WHERE id = ?",
	[STMT_USER_SEARCH] =
	    "SELECT " USER_COLS "FROM users WHERE deleted_at IS NULL AND "
	    "(? IS NULL OR email LIKE ? OR first_name LIKE ? OR last_name LIKE ?) "
	    "ORDER BY id LIMIT ? OFFSET ?",
	[STMT_ADMIN_COUNT] =
	    "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND blocked = 0 "
	    "AND deleted_at IS NULL FOR UPDATE",
	[STMT_ROLE_LOG_ADD] =
	    "INSERT INTO role_changes (actor_id, target_id, old_role, new_role, at) "
	    "VALUES (?, ?, ?, ?, UTC_TIMESTAMP())",
	[STMT_ROLE_LOG_LIST] =
	    "SELECT r.at, a.email AS actor, t.email AS target, r.old_role, r.new_role "
	    "FROM role_changes r LEFT JOIN users a ON a.id = r.actor_id "
	    "LEFT JOIN users t ON t.id = r.target_id ORDER BY r.id DESC LIMIT 20",

	[STMT_TOKEN_ADD] =
	    "INSERT INTO user_tokens (token_hash, user_id, kind, data, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? MINUTE)",
	[STMT_TOKEN_GET] =
	    "SELECT user_id, data FROM user_tokens WHERE token_hash = ? AND kind = ? "
	    "AND used_at IS NULL AND expires_at > UTC_TIMESTAMP() FOR UPDATE",
	[STMT_TOKEN_USE] =
	    "UPDATE user_tokens SET used_at = UTC_TIMESTAMP() WHERE token_hash = ? "
	    "AND used_at IS NULL",
	[STMT_TOKEN_DEL_USER_KIND] =
	    "UPDATE user_tokens SET used_at = UTC_TIMESTAMP() WHERE user_id = ? AND kind = ? "
	    "AND used_at IS NULL",
	[STMT_TOKEN_RECENT] =
	    "SELECT COUNT(*) AS n FROM user_tokens WHERE user_id = ? AND kind = ? "
	    "AND created_at > UTC_TIMESTAMP() - INTERVAL ? MINUTE",

	[STMT_LOGIN_FAIL_ADD] =
	    "INSERT INTO login_failures (email, ip, at) VALUES (?, ?, UTC_TIMESTAMP())",
	[STMT_LOGIN_FAIL_COUNT_EMAIL] =
	    "SELECT COUNT(*) AS n, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
	    "MIN(at) + INTERVAL ? MINUTE) AS wait FROM login_failures "
	    "WHERE email = ? AND at > UTC_TIMESTAMP() - INTERVAL ? MINUTE",
	[STMT_LOGIN_FAIL_COUNT_IP] =
	    "SELECT COUNT(*) AS n, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
	    "MIN(at) + INTERVAL ? MINUTE) AS wait FROM login_failures "
	    "WHERE ip = ? AND at > UTC_TIMESTAMP() - INTERVAL ? MINUTE",
	[STMT_LOGIN_FAIL_CLEAR] = "DELETE FROM login_failures WHERE email = ?",

	[STMT_REFRESH_ADD] =
	    "INSERT INTO refresh_tokens (token_hash, user_id, family, created_at, expires_at) "
	    "VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)",
	[STMT_REFRESH_GET] =
	    "SELECT user_id, family, used_at IS NOT NULL AS used, revoked_at IS NOT NULL AS revoked, "
	    "expires_at < UTC_TIMESTAMP() AS expired FROM refresh_tokens WHERE token_hash = ? "
	    "FOR UPDATE",
	[STMT_REFRESH_USE] =
	    "UPDATE refresh_tokens SET used_at = UTC_TIMESTAMP() WHERE token_hash = ? "
	    "AND used_at IS NULL",
	[STMT_REFRESH_REVOKE_FAMILY] =
	    "UPDATE refresh_tokens SET revoked_at = UTC_TIMESTAMP() WHERE family = ? "
	    "AND revoked_at IS NULL",
	[STMT_REFRESH_REVOKE_USER] =
	    "UPDATE refresh_tokens SET revoked_at = UTC_TIMESTAMP() WHERE user_id = ? "
	    "AND revoked_at IS NULL",
	[STMT_USER_NEXT_ID] = "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM users",
	[STMT_USER_SET_LANG] = "UPDATE users SET lang = ? WHERE id = ?",
	/*
	 * One attempt on a throttle counter: a window that has run out starts
	 * again at 1.  The assignments run left to right, so since's test still
	 * sees the old value.  The row stays locked until the caller commits.
	 */
	[STMT_ATTEMPT_TAKE] =
	    "INSERT INTO attempt_counters (k, n, since) VALUES (?, 1, UTC_TIMESTAMP()) "
	    "ON DUPLICATE KEY UPDATE "
	    "n = IF(since <= UTC_TIMESTAMP() - INTERVAL ? MINUTE, 1, n + 1), "
	    "since = IF(since <= UTC_TIMESTAMP() - INTERVAL ? MINUTE, UTC_TIMESTAMP(), since)",
	[STMT_ATTEMPT_GET] =
	    "SELECT n, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), since + INTERVAL ? MINUTE) AS wait "
	    "FROM attempt_counters WHERE k = ?",
	[STMT_ATTEMPT_CLEAR] = "DELETE FROM attempt_counters WHERE k = ?",
	[STMT_USER_BUMP_EPOCH] = "UPDATE users SET token_epoch = token_epoch + 1 WHERE id = ?",
	/* ---- organiser.c ---- */
	[STMT_ORG_EVENTS] =
	    "SELECT e.id, e.name" TR("e.name", "name") ", e.starts_at, e.duration_minutes, e.status, e.capacity, e.sold, "
	    "e.seated, COALESCE(v.name, e.location) AS venue_name" TR("v.name", "venue_name") ", "
	    "e.starts_at + INTERVAL e.duration_minutes MINUTE < UTC_TIMESTAMP() AS ended "
	    "FROM events e LEFT JOIN venues v ON v.id = e.venue_id "
	    "WHERE (? = 1 OR e.organiser_id = ? OR EXISTS (SELECT 1 FROM event_staff s "
	    "WHERE s.event_id = e.id AND s.user_id = ? AND s.role = 'organiser')) "
	    /* upcoming (not over yet; a run is at most 7 days), the next first */
	    "AND e.starts_at > UTC_TIMESTAMP() - INTERVAL 7 DAY "
	    "AND e.starts_at + INTERVAL e.duration_minutes MINUTE >= UTC_TIMESTAMP() "
	    "ORDER BY e.starts_at, e.id LIMIT ? OFFSET ?",
	[STMT_ORG_EVENT] =
	    "SELECT e.id, e.organiser_id, e.venue_id, e.client_id, e.location, e.name" TR("e.name", "name") ", e.description" TR("e.description", "description") ", "
	    "e.starts_at, e.duration_minutes, e.seated, e.capacity, e.sold, e.held, e.currency, "
	    "e.max_per_person, e.sales_start, e.sales_end, e.status, e.image, "
	    /* the translations as given, for the edit form */
	    "e.name_en, e.name_ru, e.name_kk, e.description_en, e.description_ru, e.description_kk, "
	    "e.starts_at + INTERVAL e.duration_minutes MINUTE < UTC_TIMESTAMP() AS ended, "
	    "COALESCE(v.name, e.location) AS venue_name" TR("v.name", "venue_name") ", COALESCE(v.address, e.location) AS venue_address, "
	    "(SELECT MIN(p.price) FROM event_prices p WHERE p.event_id = e.id) AS price_from, "
	    "v.price_per_hour AS venue_rate "
	    "FROM events e LEFT JOIN venues v ON v.id = e.venue_id WHERE e.id = ?",
	[STMT_EVENT_ACCESS] =
	    "SELECT e.organiser_id = ? AS owner, "
	    "(SELECT s.role FROM event_staff s WHERE s.event_id = e.id AND s.user_id = ?) AS staff "
	    "FROM events e WHERE e.id = ?",
	[STMT_ORG_EVENT_ADD] =
	    "INSERT INTO events (organiser_id, venue_id, client_id, location, name, description, "
	    "starts_at, duration_minutes, seated, capacity, currency, max_per_person, "
	    "sales_start, sales_end, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_ORG_EVENT_UPDATE] =
	    "UPDATE events SET venue_id = ?, client_id = ?, location = ?, name = ?, description = ?, "
	    "starts_at = ?, duration_minutes = ?, seated = ?, capacity = ?, currency = ?, "
	    "max_per_person = ?, sales_start = ?, sales_end = ? WHERE id = ? AND sold + held <= ?",
	[STMT_ORG_EVENT_LOCK] = "SELECT sold, held FROM events WHERE id = ? FOR UPDATE",
	[STMT_EVENT_SET_IMAGE] = "UPDATE events SET image = ? WHERE id = ?",
	[STMT_EVENT_PUBLISH] =
	    "UPDATE events SET status = 'published' WHERE id = ? AND status = 'draft'",
	/* with the category's name at the event's venue, when it has one (schema/065) */
	[STMT_EVENT_PRICES] =
	    "SELECT p.category, p.price, c.name AS category_name" TR("c.name", "category_name") " "
	    "FROM event_prices p JOIN events e ON e.id = p.event_id "
	    "LEFT JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = p.category "
	    "WHERE p.event_id = ? ORDER BY p.category",
	[STMT_EVENT_PRICES_DEL] = "DELETE FROM event_prices WHERE event_id = ?",
	/* content in three languages (schema/065): translations as given, NULL where none */
	[STMT_EVENT_SET_TR] =
	    "UPDATE events SET name_en = ?, name_ru = ?, name_kk = ?, description_en = ?, "
	    "description_ru = ?, description_kk = ? WHERE id = ?",
	[STMT_VENUE_SET_TR] =
	    "UPDATE venues SET name_en = ?, name_ru = ?, name_kk = ? WHERE id = ?",
	[STMT_VENUE_CATEGORY_NAMES] =
	    "SELECT s.category, c.name, c.name_en, c.name_ru, c.name_kk "
	    "FROM (SELECT DISTINCT category FROM seats WHERE venue_id = ?) s "
	    "LEFT JOIN venue_categories c ON c.venue_id = ? AND c.category = s.category "
	    "ORDER BY s.category",
	[STMT_VENUE_CATEGORY_SET] =
	    "INSERT INTO venue_categories (venue_id, category, name, name_en, name_ru, name_kk) "
	    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), "
	    "name_en = VALUES(name_en), name_ru = VALUES(name_ru), name_kk = VALUES(name_kk)",
	[STMT_SECTION_SET_TR] =
	    "UPDATE venue_sections SET name_en = ?, name_ru = ?, name_kk = ? "
	    "WHERE id = ? AND venue_id = ?",
	/* any organiser's booking counts: the venues are the city's (issue 12) */
	[STMT_VENUE_OVERLAP] =
	    "SELECT id, name, starts_at, duration_minutes, status, organiser_id FROM events "
	    "WHERE venue_id = ? AND id <> ? "
	    "AND status IN ('draft','published') AND starts_at < ? "
	    "AND starts_at + INTERVAL duration_minutes MINUTE > ? ORDER BY starts_at LIMIT 1",
	[STMT_VENUE_FOR_EVENT] =
	    "SELECT id, name, seated, capacity, status, owner_id, "
	    "(SELECT COUNT(*) FROM seats s WHERE s.venue_id = v.id) AS seats "
	    "FROM venues v WHERE id = ?",
	[STMT_VENUE_CATEGORIES] =
	    "SELECT category, COUNT(*) AS n FROM seats WHERE venue_id = ? "
	    "GROUP BY category ORDER BY category",
	/* every active venue of the city, and the event's own */
	[STMT_VENUES_USABLE] =
	    "SELECT v.id, v.name" TR("v.name", "name") ", v.kind, v.address, v.seated, v.capacity, v.price_per_hour, "
	    "(SELECT COUNT(*) FROM seats s WHERE s.venue_id = v.id) AS seats "
	    "FROM venues v WHERE v.status = 'active' OR v.id = ? ORDER BY v.name LIMIT 500",
	[STMT_EVENT_CANCEL] =
	    "UPDATE events SET status = 'cancelled', cancelled_at = UTC_TIMESTAMP(), "
	    "seatmap_version = seatmap_version + 1 WHERE id = ? AND status IN ('draft','published')",
	/* a holder with an account is mailed at its address, in its language now */
	[STMT_EVENT_HOLDERS] =
	    "SELECT COALESCE(u.email, o.buyer_email) AS buyer_email, MIN(o.buyer_name) AS buyer_name, "
	    "MIN(COALESCE(u.lang, o.lang)) AS lang, COUNT(*) AS tickets, "
	    /* the names once per holder, to be read in the holder's language */
	    "MIN(e.name) AS event_name, MIN(e.name_en) AS event_name__en, "
	    "MIN(e.name_ru) AS event_name__ru, MIN(e.name_kk) AS event_name__kk, "
	    "MIN(COALESCE(v.name, e.location)) AS venue_name, MIN(v.name_en) AS venue_name__en, "
	    "MIN(v.name_ru) AS venue_name__ru, MIN(v.name_kk) AS venue_name__kk "
	    "FROM orders o JOIN tickets t ON t.order_id = o.id JOIN events e ON e.id = t.event_id "
	    "LEFT JOIN venues v ON v.id = e.venue_id "
	    "LEFT JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL "
	    "WHERE t.event_id = ? AND t.status = 'valid' GROUP BY COALESCE(u.email, o.buyer_email)",
	[STMT_EVENT_VOID_TICKETS] =
	    "UPDATE tickets SET status = 'voided' WHERE event_id = ? AND status = 'valid'",
	[STMT_EVENT_SEATED_SOLD] =
	    "SELECT COUNT(*) AS n FROM tickets WHERE event_id = ? AND seat_id IS NOT NULL "
	    "AND status IN ('valid','used')",
	/* the team and the invitations alike, by address: the page tells them not apart */
	[STMT_STAFF_LIST] =
	    "SELECT u.email, s.role FROM event_staff s JOIN users u ON u.id = s.user_id "
	    "WHERE s.event_id = ? AND u.email IS NOT NULL "
	    "UNION SELECT i.email, i.role FROM staff_invites i WHERE i.event_id = ? "
	    "ORDER BY role, email",
	[STMT_STAFF_ADD] =
	    "INSERT INTO event_staff (event_id, user_id, role, added_by) VALUES (?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE role = VALUES(role)",
	[STMT_STAFF_DEL] = "DELETE FROM event_staff WHERE event_id = ? AND user_id = ?",
	[STMT_STAFF_DEL_EMAIL] =
	    "DELETE s FROM event_staff s JOIN users u ON u.id = s.user_id "
	    "WHERE s.event_id = ? AND u.email = ?",
	[STMT_STAFF_INVITE_ADD] =
	    "INSERT INTO staff_invites (event_id, email, role, invited_by) VALUES (?, ?, ?, ?) "
	    "ON DUPLICATE KEY UPDATE role = VALUES(role)",
	[STMT_STAFF_INVITE_DEL] = "DELETE FROM staff_invites WHERE event_id = ? AND email = ?",
	/* a confirmed address takes up what it was invited to (not on its own events) */
	[STMT_STAFF_INVITES_TAKE] =
	    "INSERT INTO event_staff (event_id, user_id, role, added_by) "
	    "SELECT i.event_id, u.id, i.role, i.invited_by FROM users u "
	    "JOIN staff_invites i ON i.email = u.email JOIN events e ON e.id = i.event_id "
	    "WHERE u.id = ? AND u.verified = 1 AND u.blocked = 0 AND e.organiser_id <> u.id "
	    "ON DUPLICATE KEY UPDATE role = VALUES(role)",
	[STMT_STAFF_INVITES_DROP] =
	    "DELETE i FROM staff_invites i JOIN users u ON u.email = i.email "
	    "WHERE u.id = ? AND u.verified = 1 AND u.blocked = 0",
	/* what the invitation mail names */
	[STMT_STAFF_MAIL_INFO] =
	    "SELECT e.name, e.starts_at, o.first_name AS by_first, o.last_name AS by_last, "
	    "u.first_name, u.lang FROM events e JOIN users o ON o.id = ? "
	    "LEFT JOIN users u ON u.email = ? AND u.deleted_at IS NULL WHERE e.id = ?",
	[STMT_CLIENTS] =
	    "SELECT c.id, c.name, c.email, c.phone, c.address, "
	    "(SELECT COUNT(*) FROM events e WHERE e.client_id = c.id) AS events "
	    "FROM clients c WHERE ? = 1 OR c.organiser_id = ? ORDER BY c.name LIMIT 500",
	[STMT_CLIENT_GET] =
	    "SELECT id, organiser_id, name, email, phone, address, notes, feedback, created_at "
	    "FROM clients WHERE id = ? AND (? = 1 OR organiser_id = ?)",
	[STMT_CLIENT_ADD] =
	    "INSERT INTO clients (organiser_id, name, email, phone, address, notes, feedback) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	[STMT_CLIENT_UPDATE] =
	    "UPDATE clients SET name = ?, email = ?, phone = ?, address = ?, notes = ?, "
	    "feedback = ? WHERE id = ?",
	[STMT_CLIENT_EVENTS] =
	    "SELECT id, name, starts_at, status, sold FROM events WHERE client_id = ? "
	    "ORDER BY starts_at DESC",
	[STMT_EVENT_COMPLETE] =
	    "UPDATE events SET status = 'completed' WHERE id = ? AND status = 'published' "
	    "AND starts_at + INTERVAL duration_minutes MINUTE < UTC_TIMESTAMP()",
	[STMT_REPORT_STATS] =
	    "SELECT COUNT(*) AS sold, COALESCE(SUM(price), 0) AS revenue, "
	    "COALESCE(SUM(status = 'used'), 0) AS attendance FROM tickets "
	    "WHERE event_id = ? AND status IN ('valid','used')",
	[STMT_REPORT_SAVE] =
	    "INSERT INTO event_reports (event_id, summary, feedback, attendance, sold, revenue) "
	    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE summary = VALUES(summary), "
	    "feedback = VALUES(feedback), attendance = VALUES(attendance), sold = VALUES(sold), "
	    "revenue = VALUES(revenue)",
	[STMT_REPORT_GET] =
	    "SELECT summary, feedback, attendance, sold, revenue, created_at FROM event_reports "
	    "WHERE event_id = ?",
	/* the page of ids first, in index order; the joins then touch only those */
	[STMT_ADMIN_EVENTS] =
	    "SELECT e.id, e.name" TR("e.name", "name") ", e.starts_at, e.status, e.capacity, e.sold, u.email AS organiser, "
	    "COALESCE(v.name, e.location) AS venue_name" TR("v.name", "venue_name") " FROM "
	    "(SELECT id FROM events WHERE (? IS NULL OR name LIKE ?) "
	    "ORDER BY starts_at DESC, id DESC LIMIT ? OFFSET ?) pg "
	    "JOIN events e ON e.id = pg.id JOIN users u ON u.id = e.organiser_id "
	    "LEFT JOIN venues v ON v.id = e.venue_id ORDER BY e.starts_at DESC, e.id DESC",
	/* every organiser's; the revenue is one event's range of tickets_sales */
	[STMT_TOP_EVENTS] =
	    "SELECT e.id, e.name" TR("e.name", "name") ", e.starts_at, e.status, e.capacity, e.sold, e.currency, "
	    "(SELECT COALESCE(SUM(t.price), 0) FROM tickets t WHERE t.event_id = e.id "
	    "AND t.status IN ('valid','used')) AS revenue FROM events e "
	    "ORDER BY e.sold DESC, e.id DESC LIMIT 10",
	[STMT_NEAR_CAPACITY_DUE] =
	    "SELECT id, name, sold, capacity FROM events WHERE status = 'published' "
	    "AND near_capacity_sent = 0 AND capacity > 0 AND sold * 100 >= capacity * ? "
	    "AND starts_at > UTC_TIMESTAMP() LIMIT 20 FOR UPDATE SKIP LOCKED",
	[STMT_VENUES_PUBLIC] =
	    "SELECT id, name FROM venues WHERE status = 'active' ORDER BY name LIMIT 200",
	/*
	 * A job that composed its message keeps it (and becomes a plain mail
	 * job) only while the lease is still this runner's: tries names the try.
	 */
	[STMT_JOB_COMPOSED] =
	    "UPDATE jobs SET kind = ?, payload = ?, lease_until = UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
	    "WHERE id = ? AND state = 'running' AND tries = ?",
	/* the organiser's list, past tab: over, the latest first */
	[STMT_ORG_EVENTS_PAST] =
	    "SELECT e.id, e.name" TR("e.name", "name") ", e.starts_at, e.duration_minutes, e.status, e.capacity, e.sold, "
	    "e.seated, COALESCE(v.name, e.location) AS venue_name" TR("v.name", "venue_name") ", 1 AS ended "
	    "FROM events e LEFT JOIN venues v ON v.id = e.venue_id "
	    "WHERE (? = 1 OR e.organiser_id = ? OR EXISTS (SELECT 1 FROM event_staff s "
	    "WHERE s.event_id = e.id AND s.user_id = ? AND s.role = 'organiser')) "
	    "AND e.starts_at < UTC_TIMESTAMP() "
	    "AND e.starts_at + INTERVAL e.duration_minutes MINUTE < UTC_TIMESTAMP() "
	    "ORDER BY e.starts_at DESC, e.id DESC LIMIT ? OFFSET ?",
	/* the referee of two bookings at once: the venue's row, nothing joined */
	[STMT_VENUE_BOOK_LOCK] = "SELECT id FROM venues WHERE id = ? FOR UPDATE",
	/* venues with a booking in [start, end), other than event ?; durations are at most 7 days */
	[STMT_VENUES_BUSY_AT] =
	    "SELECT DISTINCT venue_id FROM events WHERE status IN ('draft','published') "
	    "AND starts_at < ? AND starts_at > ? - INTERVAL 7 DAY AND venue_id IS NOT NULL "
	    "AND starts_at + INTERVAL duration_minutes MINUTE > ? AND id <> ?",
	/*
	 * An event's tickets with their buyers (domain/attendees.c): by status
	 * ("cancelled" takes in voided) and by name, email or phone (LIKE
	 * with the caller's %), or a ticket code exactly; by buyer name.
	 */
	[STMT_ATT_SEARCH] =
	    "SELECT " ATT_COLS "WHERE t.event_id = ? "
	    "AND (? IS NULL OR t.status = ? OR (? = 'cancelled' AND t.status = 'voided')) "
	    "AND (? IS NULL OR o.buyer_name LIKE ? OR o.buyer_email LIKE ? OR o.buyer_phone LIKE ? "
	    "OR t.code = ?) ORDER BY o.buyer_name, o.id, t.id LIMIT ? OFFSET ?",
	[STMT_ATT_ORDER] =
	    "SELECT o.id, o.event_id, o.user_id, o.buyer_name, o.buyer_email, o.buyer_phone, "
	    "o.status, o.total, o.currency, o.created_at, COALESCE(u.email, o.buyer_email) AS mail_to, "
	    "COALESCE(u.lang, o.lang) AS mail_lang FROM orders o "
	    "LEFT JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL "
	    "WHERE o.id = ? AND o.event_id = ?",
	[STMT_ATT_ORDER_TICKETS] = "SELECT " ATT_COLS "WHERE t.order_id = ? ORDER BY t.id",
	/* an order none of whose tickets is live any more is cancelled */
	[STMT_ATT_ORDER_CLOSE] =
	    "UPDATE orders SET status = 'cancelled' WHERE id = ? AND status = 'paid' AND NOT EXISTS "
	    "(SELECT 1 FROM tickets t WHERE t.order_id = ? AND t.status IN ('valid','used'))",
	[STMT_ATT_EXPORT] =
	    "SELECT " ATT_COLS "WHERE t.event_id = ? ORDER BY o.id, t.id LIMIT 100000",
	[STMT_ATT_ORDERS] =
	    "SELECT o.id, o.created_at, o.buyer_name, o.buyer_email, o.buyer_phone, o.status, "
	    "o.total, o.currency, COUNT(t.id) AS tickets, "
	    "COALESCE(SUM(t.status IN ('valid','used')), 0) AS live "
	    "FROM orders o JOIN tickets t ON t.order_id = o.id WHERE o.event_id = ? "
	    "GROUP BY o.id ORDER BY o.id LIMIT 100000",
	[STMT_ATT_GUESTS] =
	    "SELECT " ATT_COLS "WHERE t.event_id = ? AND t.status IN ('valid','used') "
	    "ORDER BY o.buyer_name, sec.position, s.row_label, s.seat_label, t.id LIMIT 100000",
	/* the audit log (domain/audit.c), newest first */
	[STMT_AUDIT_ADD] =
	    "INSERT INTO audit_log (actor_id, event_id, venue_id, action, target_id, field, "
	    "before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_AUDIT_EVENT] = AUDIT_COLS "WHERE a.event_id = ? ORDER BY a.id DESC LIMIT ? OFFSET ?",
	[STMT_AUDIT_VENUE] = AUDIT_COLS "WHERE a.venue_id = ? ORDER BY a.id DESC LIMIT ? OFFSET ?",
	[STMT_AUDIT_ALL] = AUDIT_COLS "ORDER BY a.id DESC LIMIT ? OFFSET ?",
	/* a user's role as the admin's audit entry shows it: "organiser", "blocked" */
	[STMT_AUDIT_USER_STATE] =
	    "SELECT email, IF(blocked = 1, 'blocked', role) AS state FROM users WHERE id = ?",
	/* ---- tickets.c ---- */
	[STMT_TK_EVENT] =
	    "SELECT id, name" TR("name", "name") ", status, seated, capacity, sold, held, max_per_person, currency, "
	    "venue_id, starts_at, duration_minutes, starts_at > UTC_TIMESTAMP() AS future, "
	    "(sales_start IS NULL OR sales_start <= UTC_TIMESTAMP()) AS sales_started, "
	    "(sales_end IS NULL OR sales_end > UTC_TIMESTAMP()) AS sales_open "
	    "FROM events WHERE id = ?",
	/* expired holds go at once: RETURNING tells how many general places they kept */
	[STMT_TK_RELEASE_EXPIRED] =
	    "DELETE FROM holds WHERE event_id = ? AND expires_at <= UTC_TIMESTAMP(6) "
	    "RETURNING seat_id, quantity",
	[STMT_TK_HELD_DOWN] = "UPDATE events SET held = held - ? WHERE id = ? AND held >= ?",
	[STMT_TK_HOLD_GA_RESERVE] =
	    "UPDATE events SET held = held + ? WHERE id = ? AND status = 'published' "
	    "AND seated = 0 AND sold + held + ? <= capacity",
	[STMT_TK_HOLD_GA_ADD] =
	    "INSERT INTO holds (cart, user_id, event_id, seat_id, quantity, category, price, expires_at) "
	    "SELECT ?, ?, e.id, NULL, ?, p.category, p.price, UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
	    "FROM events e JOIN event_prices p ON p.event_id = e.id WHERE e.id = ? "
	    "ORDER BY p.price LIMIT 1",
	/* a seat of this event's hall, priced, not sold; the unique key refuses a second cart */
	[STMT_TK_HOLD_SEAT] =
	    "INSERT INTO holds (cart, user_id, event_id, seat_id, quantity, category, price, expires_at) "
	    "SELECT ?, ?, e.id, s.id, 1, s.category, p.price, UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
	    "FROM events e JOIN seats s ON s.venue_id = e.venue_id AND s.id = ? "
	    "JOIN event_prices p ON p.event_id = e.id AND p.category = s.category "
	    "WHERE e.id = ? AND e.seated = 1 AND e.status = 'published' AND NOT EXISTS "
	    "(SELECT 1 FROM tickets t WHERE t.event_id = e.id AND t.live_seat = s.id)",
	[STMT_TK_SEAT_CHECK] =
	    "SELECT s.id, EXISTS (SELECT 1 FROM tickets t WHERE t.event_id = e.id "
	    "AND t.live_seat = s.id) AS sold FROM events e JOIN seats s ON s.venue_id = e.venue_id "
	    "WHERE e.id = ? AND s.id = ?",
	[STMT_TK_CART_HOLDS] =
	    "SELECT h.id, h.event_id, h.seat_id, h.quantity, h.category, h.price, h.expires_at, "
	    "TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), h.expires_at) AS seconds_left, "
	    "s.row_label, s.seat_label, sec.name AS section" TR("sec.name", "section") " "
	    "FROM holds h LEFT JOIN seats s ON s.id = h.seat_id "
	    "LEFT JOIN venue_sections sec ON sec.id = s.section_id "
	    "WHERE h.cart = ? AND (? = 0 OR h.event_id = ?) AND h.expires_at > UTC_TIMESTAMP(6) "
	    "ORDER BY h.event_id, sec.position, s.row_label, s.seat_label FOR UPDATE",
	[STMT_TK_CART_DROP] =
	    "DELETE FROM holds WHERE cart = ? AND event_id = ? RETURNING seat_id, quantity",
	/* one line of the cart (a seat, or an event's general places) */
	[STMT_TK_CART_DROP_ONE] =
	    "DELETE FROM holds WHERE id = ? AND cart = ? AND event_id = ? RETURNING seat_id, quantity",
	[STMT_TK_ORDER_FIND] =
	    "SELECT id, answer, fingerprint FROM orders WHERE buyer = ? AND idempotency_key = ?",
	/* after a connection lost at COMMIT: did the order get in? (orders.c) */
	[STMT_TK_ORDER_THERE] = "SELECT id FROM orders WHERE id = ? AND buyer = ?",
	/*
	 * A buyer who lost a conflict (a deadlock, a Galera certification
	 * failure) and whose seat or places are gone meanwhile: the truthful
	 * refusal instead of another try (orders.c, lost_already).
	 */
	[STMT_TK_SEAT_GONE] =
	    "SELECT (EXISTS (SELECT 1 FROM tickets t WHERE t.event_id = ? AND t.live_seat = ?) "
	    "OR EXISTS (SELECT 1 FROM holds h WHERE h.event_id = ? AND h.seat_id = ? "
	    "AND h.cart <> ? AND h.expires_at > UTC_TIMESTAMP(6))) AS taken",
	/* the places a purchase could have: expired holds and the cart's own come back */
	[STMT_TK_PLACES_LEFT] =
	    "SELECT e.capacity - e.sold - e.held + COALESCE((SELECT SUM(h.quantity) FROM holds h "
	    "WHERE h.event_id = e.id AND h.seat_id IS NULL AND (h.cart = ? "
	    "OR h.expires_at <= UTC_TIMESTAMP(6))), 0) AS places FROM events e WHERE e.id = ?",
	[STMT_TK_ORDER_ADD] =
	    "INSERT INTO orders (event_id, user_id, buyer, buyer_email, buyer_name, buyer_phone, "
	    "lang, status, total, currency, provider, idempotency_key, fingerprint, answer) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 'paid', ?, ?, ?, ?, ?, ?)",
	/* sold never passes capacity, whatever runs at the same time */
	[STMT_TK_SELL] =
	    "UPDATE events SET sold = sold + ?, held = held - ?, seatmap_version = seatmap_version + 1 "
	    "WHERE id = ? AND held >= ? AND sold + ? + held - ? <= capacity",
	[STMT_TK_SEATS] =
	    "SELECT s.id, s.row_label, s.seat_label, sec.name AS section" TR("sec.name", "section") ", sec.position, s.x, s.y, "
	    "s.category, c.name AS category_name" TR("c.name", "category_name") ", "
	    "p.price, CASE WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.event_id = e.id "
	    "AND t.live_seat = s.id) THEN 'sold' WHEN EXISTS (SELECT 1 FROM holds h "
	    "WHERE h.event_id = e.id AND h.seat_id = s.id AND h.expires_at > UTC_TIMESTAMP(6)) "
	    "THEN 'held' ELSE 'available' END AS status, "
	    "EXISTS (SELECT 1 FROM holds h WHERE h.event_id = e.id AND h.seat_id = s.id "
	    "AND h.cart = ? AND h.expires_at > UTC_TIMESTAMP(6)) AS mine, e.seatmap_version, "
	    "(SELECT COUNT(*) FROM holds x WHERE x.event_id = e.id "
	    "AND x.expires_at <= UTC_TIMESTAMP(6)) AS expired "
	    "FROM events e JOIN seats s ON s.venue_id = e.venue_id "
	    "JOIN venue_sections sec ON sec.id = s.section_id "
	    "LEFT JOIN event_prices p ON p.event_id = e.id AND p.category = s.category "
	    "LEFT JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = s.category "
	    "WHERE e.id = ? AND e.seated = 1 "
	    "ORDER BY sec.position, CAST(s.row_label AS UNSIGNED), s.row_label, s.x",
	[STMT_TK_MY_TICKETS] =
	    "SELECT t.code, t.event_id, t.status, t.category, t.price, t.seat_id, s.row_label, "
	    "s.seat_label, sec.name AS section" TR("sec.name", "section") ", e.name AS event_name" TR("e.name", "event_name") ", e.starts_at, e.status AS event_status, "
	    "e.starts_at > UTC_TIMESTAMP() AS future, e.currency, o.id AS order_id, o.created_at, "
	    "c.name AS category_name" TR("c.name", "category_name") " "
	    "FROM orders o JOIN tickets t ON t.order_id = o.id JOIN events e ON e.id = t.event_id "
	    "LEFT JOIN seats s ON s.id = t.seat_id LEFT JOIN venue_sections sec ON sec.id = s.section_id "
	    "LEFT JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = t.category "
	    "WHERE o.user_id = ? ORDER BY e.starts_at DESC, e.id, t.id",
	[STMT_TK_TICKET_GET] =
	    "SELECT t.id, t.code, t.event_id, t.order_id, t.status, t.category, t.price, t.seat_id, "
	    "t.checked_in_at, s.row_label, s.seat_label, sec.name AS section" TR("sec.name", "section") ", o.user_id, o.buyer, o.buyer_email, "
	    "o.buyer_name, o.lang, e.name AS event_name" TR("e.name", "event_name") ", e.starts_at, e.duration_minutes, "
	    "e.status AS event_status, e.starts_at > UTC_TIMESTAMP() AS future, e.currency, "
	    "e.organiser_id, COALESCE(v.name, e.location) AS venue_name" TR("v.name", "venue_name") ", "
	    "COALESCE(v.address, e.location) AS venue_address, "
	    "c.name AS category_name" TR("c.name", "category_name") " "
	    "FROM tickets t JOIN orders o ON o.id = t.order_id JOIN events e ON e.id = t.event_id "
	    "LEFT JOIN venues v ON v.id = e.venue_id LEFT JOIN seats s ON s.id = t.seat_id "
	    "LEFT JOIN venue_sections sec ON sec.id = s.section_id "
	    "LEFT JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = t.category " "WHERE t.code = ?",
	[STMT_TK_TICKET_CANCEL] =
	    "UPDATE tickets SET status = 'cancelled' WHERE id = ? AND status = 'valid'",
	[STMT_TK_UNSELL] =
	    "UPDATE events SET sold = sold - 1, seatmap_version = seatmap_version + 1 "
	    "WHERE id = ? AND sold >= 1",
	[STMT_TK_BUYER_SUB] =
	    "UPDATE buyer_counts SET tickets = tickets - 1 WHERE event_id = ? AND buyer = ? "
	    "AND tickets >= 1",
	/* same category, not sold (unique key), not held by someone else */
	[STMT_TK_SEAT_SWAP] =
	    "UPDATE tickets t JOIN seats s ON s.id = ? JOIN events e ON e.id = t.event_id "
	    "AND s.venue_id = e.venue_id SET t.seat_id = s.id WHERE t.id = ? AND t.status = 'valid' "
	    "AND s.category = t.category AND NOT EXISTS (SELECT 1 FROM holds h WHERE "
	    "h.event_id = t.event_id AND h.seat_id = s.id AND h.expires_at > UTC_TIMESTAMP(6))",
	[STMT_TK_CART_CLEAR] = "DELETE FROM holds WHERE cart = ? AND event_id = ?",
	[STMT_WL_JOIN] =
	    "INSERT INTO waitlist (event_id, user_id) VALUES (?, ?) "
	    "ON DUPLICATE KEY UPDATE state = IF(state IN ('done','expired'), 'waiting', state)",
	[STMT_WL_NEXT] =
	    "SELECT w.id, w.user_id, u.email, u.first_name, u.lang FROM waitlist w "
	    "JOIN users u ON u.id = w.user_id WHERE w.event_id = ? AND w.state = 'waiting' "
	    "AND u.blocked = 0 AND u.deleted_at IS NULL ORDER BY w.id LIMIT 1 FOR UPDATE SKIP LOCKED",
	[STMT_WL_OFFER] =
	    "UPDATE waitlist SET state = 'offered', offered_at = UTC_TIMESTAMP(), "
	    "offer_until = UTC_TIMESTAMP() + INTERVAL ? HOUR, offer_cart = ?, offer_seat = ? "
	    "WHERE id = ?",
	[STMT_WL_GET] =
	    "SELECT id, event_id, user_id, state, offer_until > UTC_TIMESTAMP() AS live "
	    "FROM waitlist WHERE offer_cart = ? FOR UPDATE",
	[STMT_WL_CLAIM_HOLDS] =
	    "UPDATE holds SET cart = ?, user_id = ? WHERE cart = ? AND expires_at > UTC_TIMESTAMP(6)",
	[STMT_WL_DONE] = "UPDATE waitlist SET state = 'done' WHERE id = ?",
	[STMT_WL_EXPIRED] =
	    "SELECT id, event_id, offer_seat, offer_cart FROM waitlist WHERE state = 'offered' "
	    "AND offer_until <= UTC_TIMESTAMP() LIMIT 50 FOR UPDATE SKIP LOCKED",
	[STMT_WL_EXPIRE] = "UPDATE waitlist SET state = 'expired' WHERE id = ?",
	/* a place held for someone who is not buying right now: a day-long hold */
	[STMT_TK_HOLD_SEAT_FOR] =
	    "INSERT INTO holds (cart, user_id, event_id, seat_id, quantity, category, price, expires_at) "
	    "SELECT ?, ?, e.id, s.id, 1, s.category, p.price, UTC_TIMESTAMP(6) + INTERVAL ? HOUR "
	    "FROM events e JOIN seats s ON s.venue_id = e.venue_id AND s.id = ? "
	    "JOIN event_prices p ON p.event_id = e.id AND p.category = s.category "
	    "WHERE e.id = ? AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.event_id = e.id "
	    "AND t.live_seat = s.id)",
	[STMT_TK_ORDER_GET] =
	    "SELECT o.id, o.user_id, o.buyer_email, o.total, o.currency, o.answer, "
	    "e.name AS event_name" TR("e.name", "event_name") ", e.starts_at, o.status, o.pay_ref, o.refunded, o.event_id, o.pay_url, "
	    "COALESCE(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), o.expires_at), 0) AS seconds_left "
	    "FROM orders o JOIN events e ON e.id = o.event_id WHERE o.id = ?",
	[STMT_TK_GUEST_HAS] =
	    "SELECT COUNT(*) AS n FROM orders WHERE buyer_email = ? AND user_id IS NULL",
	[STMT_TK_GUEST_TICKETS] =
	    "SELECT t.code, t.event_id, t.status, t.category, t.price, t.seat_id, s.row_label, "
	    "s.seat_label, sec.name AS section" TR("sec.name", "section") ", e.name AS event_name" TR("e.name", "event_name") ", e.starts_at, "
	    "e.status AS event_status, e.starts_at > UTC_TIMESTAMP() AS future, e.currency, "
	    "c.name AS category_name" TR("c.name", "category_name") " "
	    "FROM orders o JOIN tickets t ON t.order_id = o.id JOIN events e ON e.id = t.event_id "
	    "LEFT JOIN seats s ON s.id = t.seat_id LEFT JOIN venue_sections sec ON sec.id = s.section_id "
	    "LEFT JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = t.category "
	    "WHERE o.buyer_email = ? AND o.user_id IS NULL ORDER BY e.starts_at DESC, t.id",
	[STMT_TK_CHECKIN] =
	    "UPDATE tickets SET status = 'used', checked_in_at = UTC_TIMESTAMP() "
	    "WHERE id = ? AND status = 'valid'",
	[STMT_WL_MINE] =
	    "SELECT state FROM waitlist WHERE event_id = ? AND user_id = ?",
	/*
	 * An order's tickets in one statement, whatever their number: a JSON
	 * array [{code, seat (absent for general admission), category, price}]
	 * as rows.  The unique key on the live seat still refuses a seat twice.
	 */
	[STMT_TK_TICKETS_ADD] =
	    "INSERT INTO tickets (code, order_id, event_id, seat_id, category, price) "
	    "SELECT j.code, ?, ?, j.seat_id, j.category, j.price FROM JSON_TABLE(?, '$[*]' COLUMNS ("
	    "code CHAR(24) PATH '$.code', seat_id BIGINT UNSIGNED PATH '$.seat', "
	    "category VARCHAR(20) PATH '$.category', price BIGINT PATH '$.price')) AS j",
	/* what the confirmation mail says, composed by the job runner (buyer_mail.c) */
	[STMT_TK_ORDER_MAIL] =
	    "SELECT o.buyer_email, o.buyer_name, o.lang, o.answer, o.total, o.currency, o.pay_ref, "
	    "e.name AS event_name" TR("e.name", "event_name") ", e.starts_at, "
	    "COALESCE(v.name, e.location) AS venue_name" TR("v.name", "venue_name") ", "
	    "v.address AS venue_address FROM orders o JOIN events e ON e.id = o.event_id "
	    "LEFT JOIN venues v ON v.id = e.venue_id WHERE o.id = ?",
	/* each ticket's category and price for the purchase mail (issue 13) */
	[STMT_TK_ORDER_MAIL_TICKETS] =
	    "SELECT t.code, t.category, t.price, c.name AS category_name" TR("c.name", "category_name") " "
	    "FROM tickets t JOIN events e ON e.id = t.event_id "
	    "LEFT JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = t.category " "WHERE t.order_id = ?",
	/*
	 * The cart's category names (issue 13), apart from STMT_TK_CART_HOLDS:
	 * that one is the checkout's FOR UPDATE read, which must not lock
	 * venue_categories rows every buyer of a category shares.
	 */
	[STMT_TK_CART_CATEGORY_NAMES] =
	    "SELECT h.id, c.name AS category_name" TR("c.name", "category_name") " "
	    "FROM holds h JOIN events e ON e.id = h.event_id "
	    "JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = h.category "
	    "WHERE h.cart = ? AND h.expires_at > UTC_TIMESTAMP(6)",
	/*
	 * The per-buyer limit in one statement: the (event, buyer) row is
	 * created with n, or grows by n, only while it stays within the
	 * maximum.  Affected rows: 1 created, 2 grown, 0 refused.
	 */
	[STMT_TK_BUYER_TAKE] =
	    "INSERT INTO buyer_counts (event_id, buyer, tickets) SELECT ?, ?, ? FROM DUAL WHERE ? <= ? "
	    "ON DUPLICATE KEY UPDATE tickets = IF(tickets + VALUES(tickets) <= ?, "
	    "tickets + VALUES(tickets), tickets)",
	/*
	 * A guest's tickets: every order of the address the mailed link proved
	 * (or none: ''), and the orders a checkout cookie names (a JSON array).
	 */
	[STMT_TK_GUEST_VIEW] =
	    "SELECT t.code, t.event_id, t.status, t.category, t.price, t.seat_id, s.row_label, "
	    "s.seat_label, sec.name AS section" TR("sec.name", "section") ", e.name AS event_name" TR("e.name", "event_name") ", e.starts_at, "
	    "e.status AS event_status, e.starts_at > UTC_TIMESTAMP() AS future, e.currency, "
	    "c.name AS category_name" TR("c.name", "category_name") " "
	    "FROM orders o JOIN tickets t ON t.order_id = o.id JOIN events e ON e.id = t.event_id "
	    "LEFT JOIN seats s ON s.id = t.seat_id LEFT JOIN venue_sections sec ON sec.id = s.section_id "
	    "LEFT JOIN venue_categories c ON c.venue_id = e.venue_id AND c.category = t.category "
	    "WHERE o.user_id IS NULL AND (o.buyer_email = ? OR o.id IN (SELECT j.id FROM "
	    "JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) AS j)) "
	    "ORDER BY e.starts_at DESC, e.id, t.id",
	/* the seat map's cache key (schema/009): one row by primary key */
	[STMT_TK_SEATMAP_BUMP] =
	    "UPDATE events SET seatmap_version = seatmap_version + 1 WHERE id = ?",
	[STMT_TK_SEATMAP_TAG] =
	    "SELECT e.status, e.seated, e.seatmap_version, (SELECT COUNT(*) FROM holds h "
	    "WHERE h.event_id = e.id AND h.expires_at <= UTC_TIMESTAMP(6)) AS expired "
	    "FROM events e WHERE e.id = ?",
	[STMT_TK_SEATS_MINE] =
	    "SELECT seat_id FROM holds WHERE cart = ? AND event_id = ? AND seat_id IS NOT NULL "
	    "AND expires_at > UTC_TIMESTAMP(6)",
	[STMT_TK_SWEEP] =
	    "DELETE FROM holds WHERE expires_at <= UTC_TIMESTAMP(6) LIMIT 1000 "
	    "RETURNING event_id, seat_id, quantity",
	/* a client's lock row (holds.c hold_fair): holds of one client serialise on it */
	[STMT_TK_HOLD_LOCK] =
	    "INSERT INTO hold_clients (k, seen_at) VALUES (?, UTC_TIMESTAMP()) "
	    "ON DUPLICATE KEY UPDATE seen_at = VALUES(seen_at)",
	/* the live holds of an address, a cart, or a user on one event */
	[STMT_TK_HOLD_LOAD] =
	    "SELECT h.cart, h.event_id, h.client, h.user_id, h.quantity, "
	    "TIMESTAMPDIFF(SECOND, COALESCE(h.first_at, UTC_TIMESTAMP(6)), UTC_TIMESTAMP(6)) AS age "
	    "FROM holds h WHERE h.client = ? AND h.expires_at > UTC_TIMESTAMP(6) UNION ALL "
	    "SELECT h.cart, h.event_id, h.client, h.user_id, h.quantity, "
	    "TIMESTAMPDIFF(SECOND, COALESCE(h.first_at, UTC_TIMESTAMP(6)), UTC_TIMESTAMP(6)) AS age "
	    "FROM holds h WHERE h.cart = ? AND h.client <> ? AND h.expires_at > UTC_TIMESTAMP(6) "
	    "UNION ALL SELECT h.cart, h.event_id, h.client, h.user_id, h.quantity, "
	    "TIMESTAMPDIFF(SECOND, COALESCE(h.first_at, UTC_TIMESTAMP(6)), UTC_TIMESTAMP(6)) AS age "
	    "FROM holds h WHERE h.user_id = ? AND h.event_id = ? AND h.cart <> ? AND h.client <> ? "
	    "AND h.expires_at > UTC_TIMESTAMP(6)",
	/* who took the cart's new holds, and since when this cart or address holds the event */
	[STMT_TK_HOLD_MARK] =
	    "UPDATE holds SET client = ?, first_at = UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
	    "WHERE cart = ? AND event_id = ?",
	/* since when an address or cart has held an event, if it did lately (hold_fair) */
	[STMT_TK_HOLD_SINCE] =
	    "SELECT TIMESTAMPDIFF(SECOND, since, UTC_TIMESTAMP()) AS age FROM hold_clients "
	    "WHERE k IN (?, ?) AND until > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	[STMT_TK_HOLD_SINCE_SET] =
	    "INSERT INTO hold_clients (k, seen_at, since, until) VALUES (?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() - INTERVAL ? SECOND, UTC_TIMESTAMP() + INTERVAL ? SECOND) "
	    "ON DUPLICATE KEY UPDATE seen_at = VALUES(seen_at), since = VALUES(since), "
	    "until = VALUES(until)",
	[STMT_TK_BUYER_GET] =
	    "SELECT tickets FROM buyer_counts WHERE event_id = ? AND buyer = ?",
	[STMT_TK_HOLD_LOCKS_SWEEP] =
	    "DELETE FROM hold_clients WHERE seen_at < UTC_TIMESTAMP() - INTERVAL 1 DAY LIMIT 1000",
	[STMT_NEAR_CAPACITY_MARK] = "UPDATE events SET near_capacity_sent = 1 WHERE id = ?",
	[STMT_EVENT_ORGANISERS] =
	    "SELECT u.email, u.first_name, u.lang FROM events e JOIN users u ON u.id = e.organiser_id "
	    "WHERE e.id = ? AND u.deleted_at IS NULL AND u.blocked = 0 UNION "
	    "SELECT u.email, u.first_name, u.lang FROM event_staff s JOIN users u ON u.id = s.user_id "
	    "WHERE s.event_id = ? AND s.role = 'organiser' AND u.deleted_at IS NULL AND u.blocked = 0",
	/* ---- venues.c ---- */
	/* the city's directory: every active venue, one's own inactive ones, all for an admin */
	[STMT_VENUE_LIST] =
	    "SELECT " VENUE_COLS "WHERE ? IS NULL OR v.owner_id = ? OR v.status = 'active' "
	    "ORDER BY v.status, v.name, v.id LIMIT 500",
	[STMT_VENUE_GET] =
	    "SELECT " VENUE_COLS "WHERE v.id = ? AND (? IS NULL OR v.owner_id = ?)",
	/* no join: only the venue's own row is locked */
	[STMT_VENUE_LOCK] =
	    "SELECT v.id, v.seated FROM venues v WHERE v.id = ? AND (? IS NULL OR v.owner_id = ?) "
	    "FOR UPDATE",
	[STMT_VENUE_NEW] =
	    "INSERT INTO venues (owner_id, name, kind, address, capacity, seated, price_per_hour, "
	    "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[STMT_VENUE_UPDATE] =
	    "UPDATE venues SET name = ?, kind = ?, address = ?, capacity = ?, seated = ?, "
	    "price_per_hour = ?, status = ? WHERE id = ?",
	[STMT_VENUE_SYNC_CAPACITY] =
	    "UPDATE venues SET capacity = (SELECT COUNT(*) FROM seats WHERE venue_id = ?) "
	    "WHERE id = ? AND seated = 1",
	/* plan order: sections as placed, seats as stored (a CSV's line order) */
	[STMT_VENUE_SEATS] =
	    "SELECT s.id, sec.name AS section, s.row_label, s.seat_label, s.x, s.y, s.category "
	    "FROM seats s JOIN venue_sections sec ON sec.id = s.section_id WHERE s.venue_id = ? "
	    "ORDER BY sec.position, sec.id, s.id",
	[STMT_VENUE_TICKETS] =
	    "SELECT COUNT(*) AS n, COALESCE(SUM(t.status IN ('valid','used')), 0) AS live "
	    "FROM tickets t JOIN seats s ON s.id = t.seat_id WHERE s.venue_id = ?",
	[STMT_VENUE_SEATS_DEL] = "DELETE FROM seats WHERE venue_id = ?",
	[STMT_VENUE_SECTIONS_DEL] = "DELETE FROM venue_sections WHERE venue_id = ?",
	[STMT_VENUE_SECTIONS_PRUNE] =
	    "DELETE FROM venue_sections WHERE venue_id = ? AND NOT EXISTS "
	    "(SELECT 1 FROM seats s WHERE s.section_id = venue_sections.id)",
	[STMT_VENUE_SECTIONS] =
	    "SELECT id, name, name_en, name_ru, name_kk FROM venue_sections WHERE venue_id = ? "
	    "ORDER BY position, id",
	[STMT_SEAT_GET] =
	    "SELECT s.id, s.section_id, sec.name AS section, s.row_label, s.seat_label, s.x, s.y, "
	    "s.category FROM seats s JOIN venue_sections sec ON sec.id = s.section_id "
	    "WHERE s.id = ? AND s.venue_id = ?",
	[STMT_SEAT_FIND] =
	    "SELECT s.id FROM seats s JOIN venue_sections sec ON sec.id = s.section_id "
	    "WHERE s.venue_id = ? AND sec.name = ? AND s.row_label = ? AND s.seat_label = ?",
	[STMT_SEAT_UPDATE] =
	    "UPDATE seats SET section_id = ?, row_label = ?, seat_label = ?, x = ?, y = ?, "
	    "category = ? WHERE id = ? AND venue_id = ?",
	[STMT_SEAT_DEL] = "DELETE FROM seats WHERE id = ? AND venue_id = ?",
	/* seats in buyers' carts (holds.seat_id keeps them from being deleted) */
	[STMT_VENUE_HOLDS] =
	    "SELECT COUNT(*) AS n FROM holds h JOIN seats s ON s.id = h.seat_id WHERE s.venue_id = ?",
	/* any venue, for reading; venue_view decides who may see it */
	[STMT_VENUE_VIEW] = "SELECT " VENUE_COLS "WHERE v.id = ?",
	/* the venue's calendar: bookings from yesterday on */
	[STMT_VENUE_BOOKINGS] =
	    "SELECT id, name, starts_at, duration_minutes, status, organiser_id FROM events "
	    "WHERE venue_id = ? AND status IN ('draft','published') "
	    "AND starts_at > UTC_TIMESTAMP() - INTERVAL 1 DAY ORDER BY starts_at, id LIMIT 100",
	/* the generator's last form, as JSON (NULL after an import) */
	[STMT_VENUE_GEN_SET] = "UPDATE venues SET gen_form = ? WHERE id = ?",
	[STMT_VENUE_GEN_GET] = "SELECT gen_form FROM venues WHERE id = ?",

	/* ---- calendar.c, gcal.c, notify.c ---- */
	[STMT_CAL_EVENT] =
	    "SELECT e.id, e.name" TR("e.name", "name") ", e.description" TR("e.description", "description") ", e.starts_at, e.duration_minutes, e.status, "
	    "e.calendar_seq, e.location, v.name AS venue_name" TR("v.name", "venue_name") ", v.address AS venue_address "
	    "FROM events e LEFT JOIN venues v ON v.id = e.venue_id "
	    "WHERE e.id = ? AND e.status IN ('published','cancelled','completed')",
	[STMT_CAL_TICKET] = CAL_TICKET "WHERE t.id = ?",
	[STMT_CAL_ORDER] = CAL_TICKET "WHERE t.order_id = ? ORDER BY t.id",
	/* the feed: a year back and everything ahead */
	[STMT_CAL_FEED] =
	    CAL_TICKET "WHERE o.user_id = ? AND e.starts_at > UTC_TIMESTAMP() - INTERVAL 1 YEAR "
	    "ORDER BY e.starts_at, t.id LIMIT 2000",
	[STMT_CAL_FEED_USER] =
	    "SELECT id, lang FROM users WHERE calendar_hash = ? AND deleted_at IS NULL AND blocked = 0",
	[STMT_CAL_FEED_SET] =
	    "UPDATE users SET calendar_nonce = ?, calendar_hash = ? WHERE id = ?",
	[STMT_CAL_ACCOUNT] =
	    "SELECT u.calendar_nonce, u.reminders, g.status AS gcal_status FROM users u "
	    "LEFT JOIN gcal_links g ON g.user_id = u.id WHERE u.id = ?",
	[STMT_CAL_EVENT_BUMP] = "UPDATE events SET calendar_seq = calendar_seq + 1 WHERE id = ?",
	[STMT_CAL_TICKET_BUMP] = "UPDATE tickets SET calendar_seq = calendar_seq + 1 WHERE id = ?",
	[STMT_CAL_REMINDERS_SET] =
	    "UPDATE users SET reminders = ? WHERE id = ? AND deleted_at IS NULL",
	[STMT_CAL_OPTOUT_ADD] = "INSERT IGNORE INTO reminder_optouts (email) VALUES (?)",
	[STMT_CAL_OPTOUT_DEL] = "DELETE FROM reminder_optouts WHERE email = ?",
	/*
	 * Tickets to remind of, by event and address: valid, of a published
	 * event starting within ? hours, bought before that window opened, of
	 * a holder who wants reminders.
	 */
	[STMT_REMIND_DUE] =
	    CAL_TICKET "WHERE e.status = 'published' AND e.starts_at > UTC_TIMESTAMP() "
	    "AND e.starts_at <= UTC_TIMESTAMP() + INTERVAL ? HOUR AND t.status = 'valid' "
	    "AND t.reminded_at IS NULL AND t.created_at <= e.starts_at - INTERVAL ? HOUR "
	    "AND (o.user_id IS NULL OR (u.id IS NOT NULL AND u.reminders = 1 AND u.blocked = 0)) "
	    "AND (o.user_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM reminder_optouts r "
	    "WHERE r.email = o.buyer_email)) ORDER BY e.id, email, t.id LIMIT 500",
	/* the referee when two runners sweep at once */
	[STMT_REMIND_CLAIM] =
	    "UPDATE tickets SET reminded_at = UTC_TIMESTAMP() WHERE id = ? AND reminded_at IS NULL "
	    "AND status = 'valid'",
	[STMT_GCAL_LINK] =
	    "SELECT status, access_token, refresh_token, "
	    "COALESCE(access_expires > UTC_TIMESTAMP() + INTERVAL 60 SECOND, 0) AS fresh "
	    "FROM gcal_links WHERE user_id = ?",
	[STMT_GCAL_CONNECT] =
	    "INSERT INTO gcal_links (user_id, status, access_token, access_expires, refresh_token, "
	    "connected_at) VALUES (?, 'connected', ?, UTC_TIMESTAMP() + INTERVAL ? SECOND, ?, "
	    "UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE status = 'connected', "
	    "access_token = VALUES(access_token), access_expires = VALUES(access_expires), "
	    "refresh_token = COALESCE(VALUES(refresh_token), refresh_token), "
	    "connected_at = VALUES(connected_at), revoked_at = NULL, last_error = NULL",
	[STMT_GCAL_TOKEN] =
	    "UPDATE gcal_links SET access_token = ?, access_expires = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	    "refresh_token = COALESCE(?, refresh_token) WHERE user_id = ? AND status = 'connected'",
	[STMT_GCAL_REVOKE] =
	    "UPDATE gcal_links SET status = 'revoked', revoked_at = UTC_TIMESTAMP(), "
	    "access_token = NULL, refresh_token = NULL, last_error = LEFT(?, 300) WHERE user_id = ?",
	[STMT_GCAL_DISCONNECT] = "DELETE FROM gcal_links WHERE user_id = ?",
	[STMT_GCAL_FORGET] = "DELETE FROM gcal_events WHERE user_id = ?",
	[STMT_GCAL_EVENT_GET] =
	    "SELECT google_id, state, synced_seq FROM gcal_events WHERE ticket_id = ?",
	[STMT_GCAL_EVENT_SET] =
	    "INSERT INTO gcal_events (ticket_id, user_id, google_id, state, synced_seq) "
	    "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE google_id = VALUES(google_id), "
	    "state = VALUES(state), synced_seq = VALUES(synced_seq)",
	/* sync jobs (job_kind_names[JOB_GCAL_SYNC]) for tickets of connected users */
	[STMT_GCAL_QUEUE_ORDER] = GCAL_QUEUE "WHERE t.order_id = ?",
	[STMT_GCAL_QUEUE_TICKET] = GCAL_QUEUE "WHERE t.id = ?",
	[STMT_GCAL_QUEUE_EVENT] =
	    GCAL_QUEUE "WHERE t.event_id = ? AND (t.status IN ('valid','used') OR EXISTS "
	    "(SELECT 1 FROM gcal_events ge WHERE ge.ticket_id = t.id AND ge.state = 'live'))",
	/* on connecting: current tickets, and any still in Google that no longer should be */
	[STMT_GCAL_QUEUE_USER] =
	    GCAL_QUEUE "WHERE o.user_id = ? AND ((t.status = 'valid' AND EXISTS (SELECT 1 "
	    "FROM events e WHERE e.id = t.event_id AND e.status = 'published' "
	    "AND e.starts_at > UTC_TIMESTAMP())) OR EXISTS (SELECT 1 FROM gcal_events ge "
	    "WHERE ge.ticket_id = t.id AND ge.state = 'live'))",
	[STMT_CAL_FORGET] =
	    "UPDATE users SET calendar_nonce = NULL, calendar_hash = NULL WHERE id = ?",
	/* ---- checkin.c: the door ---- */
	[STMT_DOOR_TICKET] =
	    "SELECT t.id, t.event_id, t.status, t.seat_id, t.checked_in_at, t.checked_in_door, "
	    "s.row_label, s.seat_label, sec.name AS section" TR("sec.name", "section") ", o.buyer_name, e.name AS event_name" TR("e.name", "event_name") " "
	    "FROM tickets t JOIN orders o ON o.id = t.order_id JOIN events e ON e.id = t.event_id "
	    "LEFT JOIN seats s ON s.id = t.seat_id "
	    "LEFT JOIN venue_sections sec ON sec.id = s.section_id WHERE t.code = ?",
	/* the referee of two doors: only one update finds the ticket still valid */
	[STMT_DOOR_USE] =
	    "UPDATE tickets SET status = 'used', checked_in_at = UTC_TIMESTAMP(), "
	    "checked_in_door = ?, checked_in_by = ? WHERE id = ? AND status = 'valid'",
	[STMT_DOOR_COUNTS] =
	    "SELECT COALESCE(SUM(status = 'used'), 0) AS inside, COUNT(*) AS expected "
	    "FROM tickets WHERE event_id = ? AND status IN ('valid','used')",
	/*
	 * ---- sales.c: the dashboard.  Each series comes for one event
	 * (t.event_id = ?) or for all of an organiser's events (the join);
	 * either way it reads one event's range of tickets_sales,
	 * tickets_cancels or tickets_checkins at a time.  The first ? SECOND is
	 * the site's offset from UTC, so days and hours are local ones.
	 */
	[STMT_SALES_EVENTS] = SALES_EVENT_COLS "WHERE e.id = ?",
	[STMT_SALES_ORG_EVENTS] = SALES_EVENT_COLS
	    "WHERE e.organiser_id = ? AND e.status <> 'draft' "
	    "ORDER BY e.starts_at DESC, e.id DESC LIMIT 500",
	[STMT_SALES_FIRST] = "SELECT MIN(t.created_at) AS first FROM tickets t " SALES_BY_EVENT,
	[STMT_SALES_FIRST_ORG] =
	    "SELECT MIN(t.created_at) AS first FROM tickets t " SALES_BY_ORG,
	[STMT_SALES_DAYS] = SALES_DAYS SALES_BY_EVENT "GROUP BY slot",
	[STMT_SALES_DAYS_ORG] = SALES_DAYS SALES_BY_ORG "GROUP BY slot",
	[STMT_SALES_HOURS] = SALES_HOURS SALES_BY_EVENT SALES_SPAN "GROUP BY slot",
	[STMT_SALES_HOURS_ORG] = SALES_HOURS SALES_BY_ORG SALES_SPAN "GROUP BY slot",
	[STMT_SALES_CATEGORIES] = SALES_CATS SALES_BY_EVENT SALES_LIVE "GROUP BY slot",
	[STMT_SALES_CATEGORIES_ORG] = SALES_CATS SALES_BY_ORG SALES_LIVE "GROUP BY slot",
	[STMT_SALES_CANCELS] = SALES_CANCELS SALES_BY_EVENT SALES_CANCELLED "GROUP BY slot",
	[STMT_SALES_CANCELS_ORG] = SALES_CANCELS SALES_BY_ORG SALES_CANCELLED "GROUP BY slot",
	[STMT_SALES_CHECKINS] = SALES_CHECKINS SALES_BY_EVENT SALES_ENTERED ") x GROUP BY slot",
	[STMT_SALES_CHECKINS_ORG] = SALES_CHECKINS SALES_BY_ORG SALES_ENTERED ") x GROUP BY slot",
	/* payments (issue 14): pending orders, webhooks, refunds */
	[STMT_PAY_ORDER_PENDING] =
	    "INSERT INTO orders (event_id, user_id, buyer, buyer_email, buyer_name, buyer_phone, "
	    "lang, status, total, currency, provider, idempotency_key, fingerprint, answer, pay_cart, "
	    "pay_lines, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?, ?, "
	    "?, ?, UTC_TIMESTAMP(6) + INTERVAL ? MINUTE)",
	/* the cart's holds become the pending order's, held as long as it waits */
	[STMT_PAY_HOLDS_MOVE] =
	    "UPDATE holds SET cart = ?, expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MINUTE "
	    "WHERE cart = ? AND event_id = ?",
	[STMT_PAY_ORDER_PAID] =
	    "UPDATE orders SET status = 'paid', pay_ref = ?, answer = ?, expires_at = NULL "
	    "WHERE id = ? AND status IN ('pending_payment','expired')",
	[STMT_PAY_REF_SET] = "UPDATE orders SET pay_ref = ? WHERE id = ?",
	[STMT_PAY_CHARGE_ADD] =
	    "INSERT INTO payments (order_id, kind, amount, currency, provider, ref, state, done_at) "
	    "SELECT id, 'charge', total, currency, provider, ?, 'done', UTC_TIMESTAMP() "
	    "FROM orders WHERE id = ?",
	[STMT_PAY_CHARGE_ADD_EXTRA] =
	    "INSERT INTO payments (order_id, kind, amount, currency, provider, ref, state, note, "
	    "done_at) SELECT id, 'charge', ?, currency, provider, ?, 'done', 'not_payable', "
	    "UTC_TIMESTAMP() FROM orders WHERE id = ?",
	[STMT_PAY_ORDER_LOCK] =
	    "SELECT id, event_id, user_id, buyer, buyer_email, buyer_name, buyer_phone, lang, status, "
	    "total, currency, provider, pay_cart, pay_lines, pay_ref, pay_session, "
	    "CAST(COALESCE(JSON_VALUE(pay_lines, '$.n'), 0) AS INTEGER) AS places "
	    "FROM orders WHERE id = ? FOR UPDATE",
	[STMT_PAY_ORDER_LATE] = "UPDATE orders SET pay_ref = ? WHERE id = ?",
	[STMT_PAY_ORDER_EXPIRE] =
	    "UPDATE orders SET status = 'expired' WHERE id = ? AND status = 'pending_payment' "
	    "AND (? = 1 OR expires_at <= UTC_TIMESTAMP(6) OR pay_session = ?)",
	[STMT_PAY_BUYER_GIVE] =
	    "UPDATE buyer_counts SET tickets = tickets - ? WHERE event_id = ? AND buyer = ? "
	    "AND tickets >= ?",
	/* refunds asked for never pass what was charged */
	[STMT_PAY_REFUND_RESERVE] =
	    "UPDATE orders SET refunded = refunded + ? WHERE id = ? AND pay_ref IS NOT NULL "
	    "AND refunded + ? <= total",
	[STMT_PAY_REFUND_ADD] =
	    "INSERT INTO payments (order_id, kind, amount, currency, provider, note, of_ref) "
	    "SELECT id, 'refund', ?, currency, provider, ?, pay_ref FROM orders WHERE id = ?",
	[STMT_PAY_REFUND_ADD_REF] =
	    "INSERT INTO payments (order_id, kind, amount, currency, provider, note, of_ref) "
	    "SELECT id, 'refund', ?, currency, provider, ?, ? FROM orders WHERE id = ?",
	[STMT_PAY_REFUND_GET] =
	    "SELECT p.id, p.order_id, p.amount, p.currency, p.provider, p.state, p.of_ref, "
	    "o.buyer_name, COALESCE(u.email, o.buyer_email) AS mail_to, "
	    "COALESCE(u.lang, o.lang) AS lang, e.name AS event_name FROM payments p "
	    "JOIN orders o ON o.id = p.order_id JOIN events e ON e.id = o.event_id "
	    "LEFT JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL "
	    "WHERE p.id = ? AND p.kind = 'refund'",
	[STMT_PAY_NOTE] = "UPDATE payments SET note = LEFT(?, 300) WHERE id = ?",
	[STMT_PAY_REFUND_DONE] =
	    "UPDATE payments SET state = 'done', ref = ?, done_at = UTC_TIMESTAMP() "
	    "WHERE id = ? AND state = 'pending'",
	/* refunded in full and nothing left to give back */
	[STMT_PAY_ORDER_REFUNDED] =
	    "UPDATE orders o SET o.status = 'refunded' WHERE o.id = ? AND o.refunded >= o.total "
	    "AND o.status IN ('paid','cancelled','expired') AND NOT EXISTS (SELECT 1 FROM payments p "
	    "WHERE p.order_id = o.id AND p.kind = 'refund' AND p.state = 'pending')",
	[STMT_PAY_EVENT_ADD] =
	    "INSERT INTO payment_events (provider, event_id, type) VALUES (?, ?, LEFT(?, 100))",
	[STMT_PAY_EXPIRE_DUE] =
	    "SELECT id FROM orders WHERE status = 'pending_payment' AND expires_at <= "
	    "UTC_TIMESTAMP(6) ORDER BY expires_at LIMIT 100",
	[STMT_PAY_ORDER_START] =
	    "SELECT o.id, o.user_id, o.buyer_email, o.status, o.total, o.currency, o.provider, "
	    "o.pay_url, o.pay_session, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), o.expires_at) AS "
	    "seconds_left, e.name AS event_name FROM orders o JOIN events e ON e.id = o.event_id "
	    "WHERE o.id = ?",
	[STMT_PAY_SESSION_SET] =
	    "UPDATE orders SET pay_session = ?, pay_url = ? WHERE id = ? AND status = 'pending_payment'",
	[STMT_PAY_HISTORY] =
	    "SELECT kind, amount, currency, provider, ref, state, note, created_at, done_at "
	    "FROM payments WHERE order_id = ? ORDER BY id",
	[STMT_PAY_EVENT_PAID] =
	    "SELECT id, total - refunded AS amount_left FROM orders WHERE event_id = ? "
	    "AND status = 'paid' AND pay_ref IS NOT NULL AND refunded < total",
	[STMT_PAY_EVENT_PENDING] =
	    "SELECT id FROM orders WHERE event_id = ? AND status = 'pending_payment'",
	[STMT_PAY_TICKET_ORDER] = "SELECT order_id, price FROM tickets WHERE id = ?",
};
