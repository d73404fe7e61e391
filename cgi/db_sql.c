/*
 * Every SQL statement Kametay runs, by id.  Placeholders only: no SQL text
 * is ever built from data.
 */
#include "config.h"

#include "kametay.h"

/* The public listing's visible events: published or cancelled, not past. */
#define EVENT_COLS \
	"e.id, e.name, e.description, e.starts_at, e.duration_minutes, " \
	"e.currency, e.seated, e.capacity, e.sold, e.status, e.venue_id, " \
	"COALESCE(v.name, e.location) AS venue_name, " \
	"COALESCE(v.address, e.location) AS venue_address, " \
	"(SELECT MIN(p.price) FROM event_prices p WHERE p.event_id = e.id) AS price_from "

#define EVENT_SEARCH \
	"FROM events e LEFT JOIN venues v ON v.id = e.venue_id " \
	"WHERE e.status IN ('published','cancelled') AND e.starts_at > UTC_TIMESTAMP() " \
	"AND (? IS NULL OR e.name LIKE ? OR e.description LIKE ? OR v.name LIKE ?) " \
	"AND (? IS NULL OR e.starts_at >= ?) AND (? IS NULL OR e.starts_at < ?) " \
	"AND (? IS NULL OR e.venue_id = ?) "

#define USER_COLS \
	"id, email, pending_email, password_hash, first_name, last_name, age, role, " \
	"lang, verified, blocked, token_epoch, created_at "

const char *const stmt_sql[STMT__MAX] = {
	[STMT_PING] = "SELECT 1",

	[STMT_SESSION_GET] =
	    "SELECT s.id AS sid, u.id, u.email, u.first_name, u.role, u.lang, u.verified, "
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
	[STMT_USER_UPDATE_PROFILE] =
	    "UPDATE users SET first_name = ?, last_name = ?, age = ?, lang = ? WHERE id = ?",
	[STMT_USER_SET_PASSWORD] = "UPDATE users SET password_hash = ? WHERE id = ?",
	[STMT_USER_SET_VERIFIED] = "UPDATE users SET verified = 1 WHERE id = ?",
	[STMT_USER_SET_EMAIL] =
	    "UPDATE users SET email = ?, pending_email = NULL, verified = 1 WHERE id = ?",
	[STMT_USER_SET_PENDING_EMAIL] = "UPDATE users SET pending_email = ? WHERE id = ?",
	[STMT_USER_SET_ROLE] = "UPDATE users SET role = ? WHERE id = ?",
	[STMT_USER_SET_BLOCKED] = "UPDATE users SET blocked = ? WHERE id = ?",
	[STMT_USER_ANONYMISE] =
	    "UPDATE users SET email = NULL, pending_email = NULL, password_hash = '!', "
	    "first_name = '', last_name = '', age = 0, blocked = 1, "
	    "deleted_at = UTC_TIMESTAMP() WHERE id = ?",
	[STMT_USER_SEARCH] =
	    "SELECT " USER_COLS "FROM users WHERE deleted_at IS NULL AND "
	    "(? IS NULL OR email LIKE ? OR first_name LIKE ? OR last_name LIKE ?) "
	    "ORDER BY id LIMIT 100",
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
	[STMT_USER_BUMP_EPOCH] = "UPDATE users SET token_epoch = token_epoch + 1 WHERE id = ?",
};
