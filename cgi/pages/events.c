/*
 * The public side of events: the upcoming list (page and API) and one
 * event.  The query and the availability word are domain/event_listing.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/access.h"
#include "domain/event_listing.h"
#include "lib/app.h"
#include "lib/parse.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

/* Cuts s to at most max code points at a character boundary; caller frees. */
static char *
excerpt(const char *s, size_t max)
{
	size_t	 i = 0, cps = 0;

	if (s == NULL)
		return xstrdup("");
	while (s[i] != '\0' && cps < max) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cps++;
	}
	if (s[i] == '\0')
		return xstrdup(s);
	return xasprintf("%.*s…", (int)i, s);
}

static void
event_to_hdf(struct req *r, const struct dbres *res, size_t row, const char *prefix,
    int full)
{
	HDF		*n;
	char		 buf[64];
	const char	*avail;
	int64_t		 left;
	time_t		 t = db_time_parse(dbres_get(res, row, "starts_at"));
	char		*desc;

	if (hdf_get_node(r->hdf, prefix, &n) != STATUS_OK)
		return;
	hdf_put(n, "Id", dbres_get(res, row, "id"));
	hdf_put(n, "Name", dbres_get(res, row, "name"));
	desc = full ? xstrdup(dbres_get(res, row, "description")) :
	    excerpt(dbres_get(res, row, "description"), 160);
	hdf_put(n, "Description", desc);
	free(desc);
	format_local(t, buf, sizeof(buf), "%d.%m.%Y %H:%M");
	hdf_put(n, "StartsLocal", buf);
	format_iso_local(t, buf, sizeof(buf));
	hdf_put(n, "StartsISO", buf);
	hdf_put(n, "DurationMinutes", dbres_get(res, row, "duration_minutes"));
	hdf_put(n, "VenueName", dbres_get(res, row, "venue_name"));
	hdf_put(n, "VenueAddress", dbres_get(res, row, "venue_address"));
	hdf_put(n, "Currency", dbres_get(res, row, "currency"));
	hdf_put(n, "Seated", dbres_get(res, row, "seated"));
	hdf_put(n, "Status", dbres_get(res, row, "status"));
	if (dbres_get(res, row, "image") != NULL)
		hdf_put(n, "Image", dbres_get(res, row, "image"));
	if (dbres_get(res, row, "price_from") != NULL) {
		format_money(dbres_int(res, row, "price_from"), buf, sizeof(buf));
		hdf_put(n, "PriceFrom", buf);
	}
	avail = event_availability(r->app, res, row, &left);
	hdf_put(n, "Availability", avail);
	if (strcmp(avail, "last") == 0 || strcmp(avail, "held") == 0)
		hdf_put_int(n, "AvailabilityLeft", (int)left);
	if (full && dbres_get(res, row, "venue_address") != NULL) {
		char *esc = NULL, *url;

		if (cgi_url_escape(dbres_get(res, row, "venue_address"), &esc) == STATUS_OK) {
			url = xasprintf("https://www.openstreetmap.org/search?query=%s", esc);
			hdf_put(n, "MapURL", url);
			free(url);
		}
		free(esc);
	}
}

json_t *
event_json(struct app *app, const struct dbres *res, size_t row)
{
	char		 iso[64], avail[32];
	const char	*a;
	int64_t		 left;
	json_t		*venue, *j;

	format_iso_local(db_time_parse(dbres_get(res, row, "starts_at")), iso, sizeof(iso));
	a = event_availability(app, res, row, &left);
	if (strcmp(a, "last") == 0)
		snprintf(avail, sizeof(avail), "last %lld", (long long)left);
	else if (strcmp(a, "held") == 0)
		/* CONTRACT §3 has four words: "full" now, and retry_minutes says when to look */
		snprintf(avail, sizeof(avail), "full");
	else
		snprintf(avail, sizeof(avail), "%s", a);
	venue = json_pack("{s:o, s:s?, s:s?}",
	    "id", dbres_get(res, row, "venue_id") ?
	        json_integer(dbres_int(res, row, "venue_id")) : json_null(),
	    "name", dbres_get(res, row, "venue_name"),
	    "address", dbres_get(res, row, "venue_address"));
	j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:b, s:s, s:s}",
	    "id", (json_int_t)dbres_int(res, row, "id"),
	    "name", dbres_get(res, row, "name"),
	    "description", dbres_get(res, row, "description"),
	    "starts_at", iso,
	    "duration_minutes", (json_int_t)dbres_int(res, row, "duration_minutes"),
	    "venue", venue,
	    "price_from", dbres_get(res, row, "price_from") ?
	        json_integer(dbres_int(res, row, "price_from")) : json_null(),
	    "currency", dbres_get(res, row, "currency"),
	    "seated", (int)dbres_int(res, row, "seated"),
	    "availability", avail,
	    "status", dbres_get(res, row, "status"));
	if (j != NULL && strcmp(a, "held") == 0 &&
	    json_object_set_new(j, "retry_minutes", json_integer((json_int_t)left)) != 0) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

struct search {
	struct listing_query q;
	const char	*bad;	/* field name of the first bad parameter */
};

static void
search_parse(struct req *r, struct search *s)
{
	const char	*q = req_query(r, "q"), *from = req_query(r, "from"),
			*to = req_query(r, "to"), *venue = req_query(r, "venue"),
			*page = req_query(r, "page");

	memset(s, 0, sizeof(*s));
	s->q.page = 1;
	if (q != NULL && *q != '\0') {
		char	*copy = xstrdup(q), *t = str_trim(copy);

		if (!utf8_valid(t, strlen(t)) || utf8_len(t) > 100)
			s->bad = "q";
		else if (*t != '\0')
			s->q.like = like_contains(t);
		free(copy);
	}
	if (from != NULL && *from != '\0') {
		if (parse_local_date(from, 0, s->q.from, sizeof(s->q.from)) != 0)
			s->bad = "from";
		else
			s->q.has_from = 1;
	}
	if (to != NULL && *to != '\0') {
		if (parse_local_date(to, 1, s->q.to, sizeof(s->q.to)) != 0)
			s->bad = "to";
		else
			s->q.has_to = 1;
	}
	if (venue != NULL && *venue != '\0' &&
	    parse_int64(venue, 1, INT64_MAX, &s->q.venue) != 0)
		s->bad = "venue";
	if (page != NULL && *page != '\0' && parse_int64(page, 1, 100000, &s->q.page) != 0)
		s->bad = "page";
}

void
h_home(struct req *r)
{
	struct search	 s;
	struct dbres	*res = NULL;
	enum dom_rc	 rc;
	size_t		 i, n;
	char		 key[32];
	const char	*v;

	search_parse(r, &s);
	for (i = 0; i < 4; i++) {
		static const char *const names[] = { "q", "from", "to", "venue" };
		static const char *const keys[] = { "Search.q", "Search.from", "Search.to",
		    "Search.venue" };

		if ((v = req_query(r, names[i])) != NULL && utf8_valid(v, strlen(v)))
			hdf_put(r->hdf, keys[i], v);
	}
	if (db_query(r->app->db, STMT_VENUES_PUBLIC, &res, "") == DB_OK) {
		for (i = 0; i < res->nrows; i++) {
			snprintf(key, sizeof(key), "VenueList.%zu", i);
			dbres_row_to_hdf(res, i, r->hdf, key);
		}
		dbres_free(res);
		res = NULL;
	}
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Home.title"));
	if (s.bad != NULL) {
		r->status = 400;
		snprintf(key, sizeof(key), "Errors.%s", s.bad);
		hdf_put(r->hdf, key, req_lang_str(r, "Lang.Err.search_invalid"));
		hdf_put(r->hdf, "Errors.form", req_lang_str(r, "Lang.Err.search_invalid"));
		free(s.q.like);
		r->tpl = TPL_HOME;
		return;
	}
	rc = listing_search(r->app->db, &s.q, &res);
	free(s.q.like);
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	n = res->nrows > LISTING_PAGE ? LISTING_PAGE : res->nrows;
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "Events.%zu", i);
		event_to_hdf(r, res, i, key, 0);
	}
	if (res->nrows > LISTING_PAGE)
		hdf_put_int(r->hdf, "Pager.Next", (int)s.q.page + 1);
	if (s.q.page > 1)
		hdf_put_int(r->hdf, "Pager.Prev", (int)s.q.page - 1);
	hdf_put_int(r->hdf, "Pager.Page", (int)s.q.page);
	dbres_free(res);
	r->tpl = TPL_HOME;
}

void
h_api_events(struct req *r)
{
	struct search	 s;
	struct dbres	*res = NULL;
	enum dom_rc	 rc;
	size_t		 i, n;
	json_t		*list;

	search_parse(r, &s);
	if (s.bad != NULL) {
		free(s.q.like);
		req_error(r, 400, "search_invalid");
		return;
	}
	rc = listing_search(r->app->db, &s.q, &res);
	free(s.q.like);
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	list = json_array();
	n = res->nrows > LISTING_PAGE ? LISTING_PAGE : res->nrows;
	for (i = 0; i < n; i++)
		json_array_append_new(list, event_json(r->app, res, i));
	req_json(r, 200, json_pack("{s:o, s:o}", "events", list, "next_page",
	    res->nrows > LISTING_PAGE ? json_integer(s.q.page + 1) : json_null()));
	dbres_free(res);
}

/* Loads one public event or answers 404/503; NULL when answered. */
static struct dbres *
event_load(struct req *r)
{
	struct dbres	*res;
	enum dom_rc	 rc;

	if ((rc = event_public(r->app->db, req_param_id(r, 0), &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return NULL;
	}
	return res;
}

void
h_event(struct req *r)
{
	struct dbres *res;

	if ((res = event_load(r)) == NULL)
		return;
	event_to_hdf(r, res, 0, "Event", 1);
	hdf_put(r->hdf, "Page.Title", dbres_get(res, 0, "name"));
	cal_event_links(r, res);	/* calendar.c: Event.GoogleURL, Event.IcsURL */
	dbres_free(res);
	shop_event_fill(r, req_param_id(r, 0));
	if (r->user.id != 0) {
		struct dbres *w = NULL;
		enum eaccess a = EA_NONE;

		if (db_query(r->app->db, STMT_WL_MINE, &w, "ii", req_param_id(r, 0), r->user.id) ==
		    DB_OK && w->nrows == 1 && strcmp(dbres_get(w, 0, "state"), "waiting") == 0)
			hdf_put(r->hdf, "Event.OnWaitlist", "1");
		dbres_free(w);
		/* the event's staff get their links: the door, and for managers the sales */
		if (event_access(r->app->db, &r->user, req_param_id(r, 0), &a) == DB_OK &&
		    a != EA_NONE)
			hdf_put(r->hdf, "Event.Staff", a == EA_MANAGE ? "manage" : "door");
	}
	r->tpl = TPL_EVENT;
}

void
h_api_event(struct req *r)
{
	struct dbres *res;

	if ((res = event_load(r)) == NULL)
		return;
	req_json(r, 200, event_json(r->app, res, 0));
	dbres_free(res);
}

void
h_healthz(struct req *r)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	rc = db_query(r->app->db, STMT_PING, &res, "");
	dbres_free(res);
	r->raw_type = "text/plain; charset=utf-8";
	if (rc == DB_OK) {
		r->raw = xstrdup("ok\n");
		r->status = 200;
	} else {
		r->raw = xstrdup("database unavailable\n");
		r->status = 503;
	}
	r->rawlen = strlen(r->raw);
}

/* GET /lang?set=ru&next=/path: remembers the choice for a year. */
void
h_lang(struct req *r)
{
	int	 l = lang_parse(req_form(r, "set"));

	if (l < 0) {
		req_error(r, 400, "lang_invalid");
		return;
	}
	req_cookie(r, "lang", lang_codes[l], 60 * 60 * 24 * 365);
	r->lang = (enum lang)l;
	/* signed in: the account's language (mails, next sign-in) follows the switch */
	if (r->user.id != 0)
		(void)db_exec(r->app->db, STMT_USER_SET_LANG, NULL, NULL, "si", lang_codes[l],
		    r->user.id);
	req_redirect(r, safe_next(req_form(r, "back")));
}
