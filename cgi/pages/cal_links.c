/*
 * Calendar pieces of other pages (declared in pages/pages.h): "Add to
 * Google Calendar" and .ics links on the event and ticket pages, and the
 * calendar panel of /account.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/conf.h"
#include "lib/util.h"
#include "notify/notify.h"
#include "pages/pages.h"

#define GOOGLE_DETAILS	600	/* code points of description in a Google link */

/* Percent-encodes a query value: everything but RFC 3986's unreserved. */
static void
url_value(STRING *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			str_putc(out, (char)c);
		else
			str_putf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
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
	str_put(&u, "https://calendar.google.com/calendar/render?action=TEMPLATE&text=");
	url_value(&u, title);
	str_putf(&u, "&dates=%s/%s&details=", a, b);
	url_value(&u, d);
	if (location != NULL && *location != '\0') {
		str_put(&u, "&location=");
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
	hdf_put(r->hdf, "Event.IcsURL", url);
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
	hdf_put(r->hdf, "Event.GoogleURL", g);
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
	hdf_put(r->hdf, "Ticket.IcsURL", ics);
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
	hdf_put(r->hdf, "Ticket.GoogleURL", g);
	free(g);
	free(desc);
	free(loc);
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
	    (tok = cal_feed_token(r->app, r->user.id, nonce)) != NULL) {
		url = xasprintf("%s/calendar/%s.ics", base, tok);
		hdf_put(r->hdf, "Cal.FeedURL", url);
		free(url);
		/* webcal:// is the same address; calendars take it as "subscribe" */
		url = xasprintf("webcal://%s/calendar/%s.ics",
		    strstr(base, "://") ? strstr(base, "://") + 3 : base, tok);
		hdf_put(r->hdf, "Cal.WebcalURL", url);
		free(url);
		free(tok);
	}
	hdf_put(r->hdf, "Cal.Reminders", dbres_get(res, 0, "reminders"));
	if (*conf_str(r->app->conf, "Google.ClientId", "") != '\0') {
		hdf_put(r->hdf, "Cal.Google.Enabled", "1");
		gs = dbres_get(res, 0, "gcal_status");
		hdf_put(r->hdf, "Cal.Google.Status", gs ? gs : "none");
	}
	dbres_free(res);
}
