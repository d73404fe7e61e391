/*
 * Calendars: what goes into the iCalendar files (lib/ics.c writes them)
 * of every event and ticket, for the downloads, the feed and the mails,
 * and the SEQUENCE bumps and sync jobs that follow a change.  The pages
 * that serve them are pages/ics_pages.c.
 *
 * Times go out in UTC ("Z"): unambiguous in every client, and no
 * VTIMEZONE to keep in step with Kazakhstan's rules (Asia/Almaty moved to
 * UTC+5 in 2024).  Clients show them in the reader's own zone.
 *
 * A calendar entry's identity is its UID: event-<id>@<host> for an event,
 * ticket-<code>@<host> for a ticket, the same in the downloads, the mail
 * attachments and the feed, so a client that sees it twice updates one
 * entry.  SEQUENCE rises with every change (events.calendar_seq, plus
 * tickets.calendar_seq for a ticket) and a cancelled one says
 * STATUS:CANCELLED.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/conf.h"
#include "lib/ics.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/notify.h"

/* ---- calendar entries -------------------------------------------------- */

/* The host part of Site.BaseURL, for UIDs: "kametay.kz". */
static char *
site_host(struct app *app)
{
	const char	*u = conf_str(app->conf, "Site.BaseURL", "http://localhost");
	const char	*p = strstr(u, "://");

	p = p ? p + 3 : u;
	return xasprintf("%.*s", (int)strcspn(p, ":/"), p);
}

/*
 * "Venue, address", or the free-text location; caller frees.  Also takes
 * rows whose venue_name/venue_address already fall back to the location.
 */
char *
cal_location(const struct dbres *res, size_t i)
{
	const char *name = dbres_get(res, i, "venue_name");
	const char *addr = dbres_get(res, i, "venue_address");

	if (name == NULL)
		return xstrdup(dbres_get(res, i, "location") ? dbres_get(res, i, "location") : "");
	if (addr == NULL || *addr == '\0' || strcmp(addr, name) == 0)
		return xstrdup(name);
	return xasprintf("%s, %s", name, addr);
}

/* "Section, row 3, seat 12" in `lang`, or NULL for general admission; caller frees. */
char *
cal_seat(struct app *app, enum lang lang, const struct dbres *res, size_t i)
{
	const char *row = site_str(app, lang, "Lang.Cal.row");
	const char *seat = site_str(app, lang, "Lang.Cal.seat");

	if (dbres_get(res, i, "seat_id") == NULL)
		return NULL;
	return xasprintf("%s, %s %s, %s %s", dbres_get(res, i, "section"), row ? row : "row",
	    dbres_get(res, i, "row_label"), seat ? seat : "seat", dbres_get(res, i, "seat_label"));
}

/* Is this CAL_TICKET row's ticket off (cancelled, voided, event cancelled)? */
int
cal_ticket_off(const struct dbres *res, size_t i)
{
	const char *st = dbres_get(res, i, "status");

	return strcmp(st, "cancelled") == 0 || strcmp(st, "voided") == 0 ||
	    strcmp(dbres_get(res, i, "event_status"), "cancelled") == 0;
}

/*
 * A ticket's description: its code, seat, link and the event's text.
 * Caller frees.
 */
char *
cal_ticket_text(struct app *app, enum lang lang, const struct dbres *res, size_t i)
{
	char		 grouped[32], *seat = cal_seat(app, lang, res, i), *out;
	const char	*word = site_str(app, lang, "Lang.Cal.ticket");

	ticket_code_group(dbres_get(res, i, "code"), grouped, sizeof(grouped));
	out = xasprintf("%s %s%s%s\n%s/tickets/%s\n\n%s", word ? word : "Ticket", grouped,
	    seat ? "\n" : "", seat ? seat : "", conf_str(app->conf, "Site.BaseURL", ""),
	    dbres_get(res, i, "code"), dbres_get(res, i, "description") ?
	    dbres_get(res, i, "description") : "");
	free(seat);
	return out;
}

/* Appends the VEVENT of row i of a CAL_TICKET result. */
static void
ticket_vevent(struct app *app, enum lang lang, STRING *out, const struct dbres *res, size_t i,
    const char *host, time_t now)
{
	struct ics_ev	 e;
	char		*loc = cal_location(res, i), *desc = cal_ticket_text(app, lang, res, i);
	char		*url = xasprintf("%s/tickets/%s", conf_str(app->conf, "Site.BaseURL", ""),
	    dbres_get(res, i, "code"));

	memset(&e, 0, sizeof(e));
	snprintf(e.uid, sizeof(e.uid), "ticket-%s@%s", dbres_get(res, i, "code"), host);
	e.stamp = now;
	e.start = db_time_parse(dbres_get(res, i, "starts_at"));
	e.minutes = dbres_int(res, i, "duration_minutes");
	e.summary = dbres_get(res, i, "event_name");
	e.location = loc;
	e.description = desc;
	e.url = url;
	e.seq = dbres_int(res, i, "seq");
	e.cancelled = cal_ticket_off(res, i);
	ics_vevent(out, &e);
	free(loc);
	free(desc);
	free(url);
}

/*
 * A calendar of the tickets in a CAL_TICKET result, optionally named (a
 * feed).  Caller frees; *len gets the length.
 */
char *
cal_ics_tickets(struct app *app, enum lang lang, const struct dbres *res, const char *calname,
    size_t *len)
{
	STRING	 out;
	char	*host = site_host(app);
	time_t	 now = time(NULL);
	size_t	 i;

	string_init(&out);
	ics_open(&out, calname);
	for (i = 0; i < res->nrows; i++)
		ticket_vevent(app, lang, &out, res, i, host, now);
	ics_close(&out);
	free(host);
	*len = (size_t)out.len;
	return out.buf;
}

/*
 * The .ics of one ticket (by id) or of every ticket of an order, for the
 * mails; NULL when there is none.  Runs inside the caller's transaction,
 * so it sees what that transaction wrote.  Caller frees.
 */
char *
cal_ics_ticket(struct app *app, enum lang lang, int64_t ticket_id, size_t *len)
{
	struct dbres	*res = NULL;
	char		*ics = NULL;

	if (db_query(app->db, STMT_CAL_TICKET, &res, "i", ticket_id) == DB_OK && res->nrows > 0) {
		dbres_localise(res, lang_codes[lang]);
		ics = cal_ics_tickets(app, lang, res, NULL, len);
	}
	dbres_free(res);
	return ics;
}

char *
cal_ics_order(struct app *app, enum lang lang, int64_t order_id, size_t *len)
{
	struct dbres	*res = NULL;
	char		*ics = NULL;

	if (db_query(app->db, STMT_CAL_ORDER, &res, "i", order_id) == DB_OK && res->nrows > 0) {
		dbres_localise(res, lang_codes[lang]);
		ics = cal_ics_tickets(app, lang, res, NULL, len);
	}
	dbres_free(res);
	return ics;
}

/*
 * The .ics of an event, from its STMT_CAL_EVENT row: the event's own
 * entry (UID event-<id>@<host>), cancelled or not.  Caller frees.
 */
char *
cal_ics_event(struct app *app, const struct dbres *ev, size_t *len)
{
	STRING		 out;
	struct ics_ev	 e;
	char		*host, *loc, *url, *desc;

	host = site_host(app);
	loc = cal_location(ev, 0);
	url = xasprintf("%s/events/%s", conf_str(app->conf, "Site.BaseURL", ""),
	    dbres_get(ev, 0, "id"));
	desc = xasprintf("%s\n\n%s", dbres_get(ev, 0, "description"), url);
	memset(&e, 0, sizeof(e));
	snprintf(e.uid, sizeof(e.uid), "event-%s@%s", dbres_get(ev, 0, "id"), host);
	e.stamp = time(NULL);
	e.start = db_time_parse(dbres_get(ev, 0, "starts_at"));
	e.minutes = dbres_int(ev, 0, "duration_minutes");
	e.summary = dbres_get(ev, 0, "name");
	e.location = loc;
	e.description = desc;
	e.url = url;
	e.seq = dbres_int(ev, 0, "calendar_seq");
	e.cancelled = strcmp(dbres_get(ev, 0, "status"), "cancelled") == 0;
	string_init(&out);
	ics_open(&out, NULL);
	ics_vevent(&out, &e);
	ics_close(&out);
	free(host);
	free(loc);
	free(url);
	free(desc);
	*len = (size_t)out.len;
	return out.buf;
}

/* ---- the personal feed ------------------------------------------------- */

/* The feed token of a user with this nonce: HMAC(secret, id + nonce), base64url. */
char *
cal_feed_token(struct app *app, int64_t uid, const char *nonce)
{
	unsigned char	 mac[32];
	char		*msg = xasprintf("kametay-calendar-feed:%lld:%s", (long long)uid, nonce);

	hmac_sha256(app->secret, sizeof(app->secret), msg, strlen(msg), mac);
	free(msg);
	return b64url_encode(mac, sizeof(mac));
}

/* ---- changes ----------------------------------------------------------- */

/*
 * After a ticket changed (cancelled, moved to another seat), inside the
 * caller's transaction: its SEQUENCE goes up and, if its holder synced
 * Google Calendar, a sync job is queued.
 */
enum db_rc
cal_ticket_changed(struct app *app, int64_t ticket_id)
{
	enum db_rc rc;

	rc = db_exec(app->db, STMT_CAL_TICKET_BUMP, NULL, NULL, "i", ticket_id);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_QUEUE_TICKET, NULL, NULL, "i", ticket_id);
	return rc;
}

/* The same for an event (edited or cancelled): every synced ticket follows. */
enum db_rc
cal_event_changed(struct app *app, int64_t event_id)
{
	enum db_rc rc;

	rc = db_exec(app->db, STMT_CAL_EVENT_BUMP, NULL, NULL, "i", event_id);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_QUEUE_EVENT, NULL, NULL, "i", event_id);
	return rc;
}

/*
 * An account being deleted: its feed address stops working and its Google
 * tokens and event ids go (the events stay in that calendar, the user's).
 */
enum db_rc
cal_user_forget(struct app *app, int64_t uid)
{
	enum db_rc rc;

	rc = db_exec(app->db, STMT_CAL_FORGET, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_DISCONNECT, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_GCAL_FORGET, NULL, NULL, "i", uid);
	return rc;
}

/* A new order: its tickets go to the buyer's Google Calendar, if connected. */
enum db_rc
cal_order_bought(struct app *app, int64_t order_id)
{
	return db_exec(app->db, STMT_GCAL_QUEUE_ORDER, NULL, NULL, "i", order_id);
}
