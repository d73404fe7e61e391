/*
 * Calendars: iCalendar files (RFC 5545) for every event and ticket, the
 * personal feed a calendar subscribes to, "Add to Google Calendar" links,
 * and the SEQUENCE bumps and sync jobs that follow a change.
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
#include "domain/tickets.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/notify.h"
#include "core/core.h"	/* upward: pages split out in the layers work */
#include "core/forms.h"
#include "pages/pages.h"

#define ICS_FOLD	75	/* octets per line before the CRLF (RFC 5545 §3.1) */
#define GOOGLE_DETAILS	600	/* code points of description in a Google link */

/* ---- iCalendar text ---------------------------------------------------- */

/*
 * Appends one content line NAME:VALUE, VALUE escaped as TEXT when `text`
 * (backslash, semicolon, comma, newline; other control characters
 * dropped), folded at 75 octets without splitting a UTF-8 character, and
 * ended with CRLF.
 */
void
ics_prop(STRING *out, const char *name, const char *value, int text)
{
	STRING		 line;
	const char	*p;
	size_t		 col = 0, i, n;

	string_init(&line);
	string_append(&line, name);
	string_append_char(&line, ':');
	for (p = value ? value : ""; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (text && (c == '\\' || c == ';' || c == ',')) {
			string_append_char(&line, '\\');
			string_append_char(&line, (char)c);
		} else if (text && c == '\n')
			string_append(&line, "\\n");
		else if (c < 0x20 && c != '\t')
			continue;	/* CR of a CRLF, and what RFC 5545 forbids */
		else if (c == 0x7f)
			continue;
		else
			string_append_char(&line, (char)c);
	}
	for (i = 0; i < (size_t)line.len; i += n) {
		/* a whole character: a lead byte and its continuation bytes */
		for (n = 1; i + n < (size_t)line.len &&
		    ((unsigned char)line.buf[i + n] & 0xC0) == 0x80; n++)
			;
		if (col + n > ICS_FOLD) {
			string_append(out, "\r\n ");
			col = 1;
		}
		string_appendn(out, line.buf + i, (int)n);
		col += n;
	}
	string_append(out, "\r\n");
	string_clear(&line);
}

static void
ics_time(STRING *out, const char *name, time_t t)
{
	struct tm tm;
	char	 buf[32];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
	ics_prop(out, name, buf, 0);
}

/* The host part of Site.BaseURL, for UIDs: "kametay.kz". */
static char *
site_host(struct app *app)
{
	const char	*u = conf_str(app->conf, "Site.BaseURL", "http://localhost");
	const char	*p = strstr(u, "://");

	p = p ? p + 3 : u;
	return xasprintf("%.*s", (int)strcspn(p, ":/"), p);
}

void
ics_open(STRING *out, const char *calname)
{
	string_append(out, "BEGIN:VCALENDAR\r\n");
	ics_prop(out, "PRODID", "-//Kametay//Kametay tickets//EN", 0);
	ics_prop(out, "VERSION", "2.0", 0);
	ics_prop(out, "CALSCALE", "GREGORIAN", 0);
	ics_prop(out, "METHOD", "PUBLISH", 0);
	if (calname != NULL) {
		ics_prop(out, "X-WR-CALNAME", calname, 1);
		/* how often a subscribed client should look again */
		ics_prop(out, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H", 0);
		ics_prop(out, "X-PUBLISHED-TTL", "PT1H", 0);
	}
}

void
ics_close(STRING *out)
{
	string_append(out, "END:VCALENDAR\r\n");
}

void
ics_vevent(STRING *out, const struct ics_ev *e)
{
	char	 buf[32];

	string_append(out, "BEGIN:VEVENT\r\n");
	ics_prop(out, "UID", e->uid, 0);
	ics_time(out, "DTSTAMP", e->stamp);
	ics_time(out, "DTSTART", e->start);
	ics_time(out, "DTEND", e->start + (time_t)e->minutes * 60);
	snprintf(buf, sizeof(buf), "%lld", (long long)e->seq);
	ics_prop(out, "SEQUENCE", buf, 0);
	ics_prop(out, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED", 0);
	ics_prop(out, "SUMMARY", e->summary, 1);
	if (e->location != NULL && *e->location != '\0')
		ics_prop(out, "LOCATION", e->location, 1);
	if (e->description != NULL && *e->description != '\0')
		ics_prop(out, "DESCRIPTION", e->description, 1);
	if (e->url != NULL)
		ics_prop(out, "URL", e->url, 0);
	ics_prop(out, "TRANSP", "OPAQUE", 0);
	string_append(out, "END:VEVENT\r\n");
}

/* ---- rows to calendar entries ------------------------------------------ */

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
static char *
tickets_ics(struct app *app, enum lang lang, const struct dbres *res, const char *calname,
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

	if (db_query(app->db, STMT_CAL_TICKET, &res, "i", ticket_id) == DB_OK && res->nrows > 0)
		ics = tickets_ics(app, lang, res, NULL, len);
	dbres_free(res);
	return ics;
}

char *
cal_ics_order(struct app *app, enum lang lang, int64_t order_id, size_t *len)
{
	struct dbres	*res = NULL;
	char		*ics = NULL;

	if (db_query(app->db, STMT_CAL_ORDER, &res, "i", order_id) == DB_OK && res->nrows > 0)
		ics = tickets_ics(app, lang, res, NULL, len);
	dbres_free(res);
	return ics;
}

/* ---- links on the pages ------------------------------------------------ */

/* Percent-encodes a query value: everything but RFC 3986's unreserved. */
static void
url_value(STRING *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			string_append_char(out, (char)c);
		else
			string_appendf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* Cuts s to at most max code points; caller frees. */
static char *
cut(const char *s, size_t max)
{
	size_t	 i = 0, cps = 0;

	while (s[i] != '\0' && cps < max) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cps++;
	}
	return s[i] == '\0' ? xstrdup(s) : xasprintf("%.*s…", (int)i, s);
}

/*
 * Google Calendar's "create event" template link (the page opens with the
 * fields filled in; nothing is sent to Google until the user saves).
 */
static char *
google_link(const char *title, time_t start, int64_t minutes, const char *details,
    const char *location)
{
	STRING	 u;
	char	 a[32], b[32], *d = cut(details ? details : "", GOOGLE_DETAILS);
	time_t	 end = start + (time_t)minutes * 60;
	struct tm tm;

	gmtime_r(&start, &tm);
	strftime(a, sizeof(a), "%Y%m%dT%H%M%SZ", &tm);
	gmtime_r(&end, &tm);
	strftime(b, sizeof(b), "%Y%m%dT%H%M%SZ", &tm);
	string_init(&u);
	string_append(&u, "https://calendar.google.com/calendar/render?action=TEMPLATE&text=");
	url_value(&u, title);
	string_appendf(&u, "&dates=%s/%s&details=", a, b);
	url_value(&u, d);
	if (location != NULL && *location != '\0') {
		string_append(&u, "&location=");
		url_value(&u, location);
	}
	free(d);
	return u.buf;
}

/* Event.GoogleURL and Event.IcsURL for the event page (row of STMT_EVENT_GET). */
void
cal_event_links(struct req *r, const struct dbres *ev)
{
	char	*loc, *url, *desc, *g;

	url = xasprintf("/events/%s.ics", dbres_get(ev, 0, "id"));
	hdf_set_value(r->hdf, "Event.IcsURL", url);
	free(url);
	/* a cancelled event keeps its .ics (which says so), but nothing to add */
	if (strcmp(dbres_get(ev, 0, "status"), "cancelled") == 0)
		return;
	loc = cal_location(ev, 0);
	url = xasprintf("%s/events/%s", conf_str(r->app->conf, "Site.BaseURL", ""),
	    dbres_get(ev, 0, "id"));
	desc = xasprintf("%s\n\n%s", url, dbres_get(ev, 0, "description") ?
	    dbres_get(ev, 0, "description") : "");
	g = google_link(dbres_get(ev, 0, "name"), db_time_parse(dbres_get(ev, 0, "starts_at")),
	    dbres_int(ev, 0, "duration_minutes"), desc, loc);
	hdf_set_value(r->hdf, "Event.GoogleURL", g);
	free(g);
	free(desc);
	free(loc);
	free(url);
}

/* Ticket.GoogleURL and Ticket.IcsURL for the ticket page (row of STMT_TK_TICKET_GET). */
void
cal_ticket_links(struct req *r, const struct dbres *t)
{
	const char	*st = dbres_get(t, 0, "status");
	char		*loc, *desc, *g, *ics, grouped[32];

	ics = xasprintf("/tickets/%s.ics", dbres_get(t, 0, "code"));
	hdf_set_value(r->hdf, "Ticket.IcsURL", ics);
	free(ics);
	if (strcmp(st, "valid") != 0 && strcmp(st, "used") != 0)
		return;
	if (strcmp(dbres_get(t, 0, "event_status"), "cancelled") == 0)
		return;
	loc = cal_location(t, 0);
	ticket_code_group(dbres_get(t, 0, "code"), grouped, sizeof(grouped));
	desc = xasprintf("%s %s\n%s/tickets/%s", req_lang_str(r, "Lang.Cal.ticket"), grouped,
	    conf_str(r->app->conf, "Site.BaseURL", ""), dbres_get(t, 0, "code"));
	g = google_link(dbres_get(t, 0, "event_name"), db_time_parse(dbres_get(t, 0, "starts_at")),
	    dbres_int(t, 0, "duration_minutes"), desc, loc);
	hdf_set_value(r->hdf, "Ticket.GoogleURL", g);
	free(g);
	free(desc);
	free(loc);
}

/* ---- downloads --------------------------------------------------------- */

static void
answer_ics(struct req *r, char *ics, size_t len, const char *filename)
{
	char *cd = xasprintf("attachment; filename=\"%s\"", filename);

	r->status = 200;
	r->raw = ics;
	r->rawlen = len;
	r->raw_type = "text/calendar; charset=utf-8";
	req_header(r, "Content-Disposition", cd);
	free(cd);
}

/* GET /events/{id}.ics: public, for published, cancelled and past events. 404/503. */
void
h_event_ics(struct req *r)
{
	struct dbres	*ev = NULL;
	enum db_rc	 rc;
	STRING		 out;
	struct ics_ev	 e;
	char		*host, *loc, *url, *desc, fname[48];

	rc = db_query(r->app->db, STMT_CAL_EVENT, &ev, "i", req_param_id(r, 0));
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	if (ev->nrows == 0) {
		dbres_free(ev);
		req_error(r, 404, NULL);
		return;
	}
	host = site_host(r->app);
	loc = cal_location(ev, 0);
	url = xasprintf("%s/events/%s", conf_str(r->app->conf, "Site.BaseURL", ""),
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
	snprintf(fname, sizeof(fname), "event-%s.ics", dbres_get(ev, 0, "id"));
	answer_ics(r, out.buf, (size_t)out.len, fname);
	free(host);
	free(loc);
	free(url);
	free(desc);
	dbres_free(ev);
}

/*
 * GET /tickets/{code}.ics: for the ticket's holder (the ticket page's rule:
 * signed in, or the guest whose signed cookie names the buyer); anyone
 * else gets 404, as for the page.
 */
void
h_ticket_ics(struct req *r)
{
	struct dbres	*t;
	char		*ics, fname[48];
	size_t		 len = 0;
	int		 who = 0;

	if ((t = page_ticket(r, &who)) == NULL)
		return;
	if (who != 2) {
		dbres_free(t);
		req_error(r, 404, NULL);
		return;
	}
	ics = cal_ics_ticket(r->app, r->lang, dbres_int(t, 0, "id"), &len);
	snprintf(fname, sizeof(fname), "ticket-%s.ics", dbres_get(t, 0, "code"));
	dbres_free(t);
	if (ics == NULL) {
		req_error(r, 500, NULL);
		return;
	}
	answer_ics(r, ics, len, fname);
}

/* ---- the personal feed ------------------------------------------------- */

/* The feed token of a user with this nonce: HMAC(secret, id + nonce), base64url. */
static char *
feed_token(struct app *app, int64_t uid, const char *nonce)
{
	unsigned char	 mac[32];
	char		*msg = xasprintf("kametay-calendar-feed:%lld:%s", (long long)uid, nonce);

	hmac_sha256(app->secret, sizeof(app->secret), msg, strlen(msg), mac);
	free(msg);
	return b64url_encode(mac, sizeof(mac));
}

/*
 * GET /calendar/{token}.ics: every ticket of the token's owner (cancelled
 * ones with STATUS:CANCELLED), for a calendar to subscribe to.  No session:
 * the unguessable token is the key.  404 for an unknown or revoked token.
 */
void
h_calendar_feed(struct req *r)
{
	struct dbres	*u = NULL, *res = NULL;
	unsigned char	 h[32];
	enum db_rc	 rc;
	char		*ics, *name;
	size_t		 len = 0;
	int		 l;

	sha256(r->params[0], strlen(r->params[0]), h);
	rc = db_query(r->app->db, STMT_CAL_FEED_USER, &u, "b", h, sizeof(h));
	if (rc == DB_OK && u->nrows == 1)
		rc = db_query(r->app->db, STMT_CAL_FEED, &res, "i", dbres_int(u, 0, "id"));
	if (rc != DB_OK) {
		dbres_free(u);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	if (u->nrows != 1) {
		dbres_free(u);
		req_error(r, 404, NULL);
		return;
	}
	l = lang_parse(dbres_get(u, 0, "lang"));
	name = xasprintf("%s — %s", conf_str(r->app->conf, "Site.Name", "Kametay"),
	    site_str(r->app, l < 0 ? LANG_EN : (enum lang)l, "Lang.Cal.feed_name") ?
	    site_str(r->app, l < 0 ? LANG_EN : (enum lang)l, "Lang.Cal.feed_name") : "tickets");
	ics = tickets_ics(r->app, l < 0 ? LANG_EN : (enum lang)l, res, name, &len);
	free(name);
	dbres_free(res);
	dbres_free(u);
	answer_ics(r, ics, len, "kametay.ics");
}

/*
 * POST /account/calendar: a new feed link (the first one, or one that
 * replaces a link the user wants to stop working).  Redirects to /account.
 */
void
h_account_calendar(struct req *r)
{
	unsigned char	 nonce[16], h[32];
	char		 hex[33], *tok;
	enum db_rc	 rc;

	if (rand_bytes(nonce, sizeof(nonce)) != 0) {
		req_error(r, 500, NULL);
		return;
	}
	hex_encode(nonce, sizeof(nonce), hex);
	if ((tok = feed_token(r->app, r->user.id, hex)) == NULL) {
		req_error(r, 500, NULL);
		return;
	}
	sha256(tok, strlen(tok), h);
	free(tok);
	rc = db_exec(r->app->db, STMT_CAL_FEED_SET, NULL, NULL, "sbi", hex, h, sizeof(h),
	    r->user.id);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	req_flash(r, "calendar_link_new");
	req_redirect(r, "/account#calendar");
}

/*
 * The /account page's calendar panel: the feed's https and webcal URLs,
 * the reminder setting and the Google Calendar connection (Cal.*).
 */
void
cal_account_fill(struct req *r)
{
	struct dbres	*res = NULL;
	const char	*base = conf_str(r->app->conf, "Site.BaseURL", "");
	const char	*nonce, *gs;
	char		*tok, *url;

	if (db_query(r->app->db, STMT_CAL_ACCOUNT, &res, "i", r->user.id) != DB_OK ||
	    res->nrows == 0) {
		dbres_free(res);
		return;
	}
	if ((nonce = dbres_get(res, 0, "calendar_nonce")) != NULL &&
	    (tok = feed_token(r->app, r->user.id, nonce)) != NULL) {
		url = xasprintf("%s/calendar/%s.ics", base, tok);
		hdf_set_value(r->hdf, "Cal.FeedURL", url);
		free(url);
		/* webcal:// is the same address; calendars take it as "subscribe" */
		url = xasprintf("webcal://%s/calendar/%s.ics",
		    strstr(base, "://") ? strstr(base, "://") + 3 : base, tok);
		hdf_set_value(r->hdf, "Cal.WebcalURL", url);
		free(url);
		free(tok);
	}
	hdf_set_value(r->hdf, "Cal.Reminders", dbres_get(res, 0, "reminders"));
	if (*conf_str(r->app->conf, "Google.ClientId", "") != '\0') {
		hdf_set_value(r->hdf, "Cal.Google.Enabled", "1");
		gs = dbres_get(res, 0, "gcal_status");
		hdf_set_value(r->hdf, "Cal.Google.Status", gs ? gs : "none");
	}
	dbres_free(res);
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
