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
#include "lib/conf.h"
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
	format_local(t, buf, sizeof(buf), "Lang.Event.weekday.%w");
	hdf_put(n, "Weekday", req_lang_str(r, buf));
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
		/* ClearSilver's if: reads "0" as false: a free event says so itself */
		if (dbres_int(res, row, "price_from") == 0)
			hdf_put(n, "Free", "1");
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

/*
 * The event's summary for <meta name="description"> and og:description:
 * white space runs folded to one space, cut at 160 characters (not bytes).
 * Caller frees.
 */
static char *
event_summary(const char *s)
{
	char	*flat, *out;
	size_t	 i, o = 0;
	int	 space = 1;

	if (s == NULL)
		return xstrdup("");
	flat = xstrdup(s);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			if (!space)
				flat[o++] = ' ';
			space = 1;
		} else {
			flat[o++] = s[i];
			space = 0;
		}
	}
	while (o > 0 && flat[o - 1] == ' ')
		o--;
	flat[o] = '\0';
	out = excerpt(flat, 160);
	free(flat);
	return out;
}

/*
 * JSON for a <script type="application/ld+json"> block: json_dumps leaves
 * `<`, `>` and `&` as they are, so a "</script>" in an event's name would
 * close the element; they become \u003c, \u003e and \u0026, which every JSON
 * reader reads back as the same characters.  NULL on failure; caller frees.
 */
static char *
json_script_data(const json_t *j)
{
	char	*d, *out;
	size_t	 i, n = 0, o = 0;

	if ((d = json_dumps(j, JSON_COMPACT)) == NULL)
		return NULL;
	for (i = 0; d[i] != '\0'; i++)
		n += (d[i] == '<' || d[i] == '>' || d[i] == '&') ? 6 : 1;
	if ((out = malloc(n + 1)) == NULL) {
		free(d);
		return NULL;
	}
	for (i = 0; d[i] != '\0'; i++) {
		if (d[i] == '<' || d[i] == '>' || d[i] == '&') {
			static const char hex[] = "0123456789abcdef";

			/* \u003c and friends: the three are ASCII, so two hex digits do */
			memcpy(out + o, "\\u00", 4);
			out[o + 4] = hex[((unsigned char)d[i] >> 4) & 0xf];
			out[o + 5] = hex[(unsigned char)d[i] & 0xf];
			o += 6;
		} else
			out[o++] = d[i];
	}
	out[o] = '\0';
	free(d);
	return out;
}

/* schema.org's word for the public availability of an event's tickets. */
static const char *
schema_availability(const char *avail)
{
	if (strcmp(avail, "available") == 0)
		return "https://schema.org/InStock";
	if (strcmp(avail, "last") == 0)
		return "https://schema.org/LimitedAvailability";
	return "https://schema.org/SoldOut";	/* full, cancelled */
}

/*
 * What a shared link and a search engine read of the event page (issue 13,
 * point 5): Page.Description, Page.OG.* (absolute URLs from Site.BaseURL)
 * and Event.JsonLd, a schema.org Event.  Event.JsonLd is markup built here,
 * escaped for a script element, and the one value event.cs prints raw.
 */
static void
event_share_fill(struct req *r, const struct dbres *res)
{
	const char	*base = conf_str(r->app->conf, "Site.BaseURL", "");
	const char	*img = dbres_get(res, 0, "image");
	const char	*org = dbres_get(res, 0, "organiser_name");
	const char	*avail;
	char		 start[64], end[64], price[32];
	char		*desc = NULL, *url = NULL, *imgurl = NULL, *esc = NULL, *ld = NULL;
	time_t		 t = db_time_parse(dbres_get(res, 0, "starts_at"));
	int64_t		 left, minor;
	json_t		*j = NULL, *place, *offer;
	NEOERR		*err;

	desc = event_summary(dbres_get(res, 0, "description"));
	url = xasprintf("%s/events/%s", base, dbres_get(res, 0, "id"));
	if (img != NULL && *img != '\0') {
		if ((err = cgi_url_escape(img, &esc)) != STATUS_OK) {
			nerr_log_error(err);
			nerr_ignore(&err);
			goto out;
		}
		imgurl = xasprintf("%s/uploads/events/%s", base, esc);
	}
	if (*desc != '\0')
		hdf_put(r->hdf, "Page.Description", desc);
	hdf_put(r->hdf, "Page.OG.Title", dbres_get(res, 0, "name"));
	hdf_put(r->hdf, "Page.OG.Description", *desc != '\0' ? desc :
	    dbres_get(res, 0, "name"));
	hdf_put(r->hdf, "Page.OG.Type", "website");
	hdf_put(r->hdf, "Page.OG.URL", url);
	if (imgurl != NULL)
		hdf_put(r->hdf, "Page.OG.Image", imgurl);

	format_iso_local(t, start, sizeof(start));
	format_iso_local(t + 60 * (time_t)dbres_int(res, 0, "duration_minutes"), end,
	    sizeof(end));
	avail = event_availability(r->app, res, 0, &left);
	minor = dbres_get(res, 0, "price_from") != NULL ?
	    dbres_int(res, 0, "price_from") : 0;
	snprintf(price, sizeof(price), "%lld.%02lld", (long long)(minor / 100),
	    (long long)(minor % 100));
	place = json_pack("{s:s, s:s?, s:{s:s, s:s?}}",
	    "@type", "Place",
	    "name", dbres_get(res, 0, "venue_name"),
	    "address", "@type", "PostalAddress",
	    "streetAddress", dbres_get(res, 0, "venue_address"));
	offer = json_pack("{s:s, s:s, s:s?, s:s, s:s}",
	    "@type", "Offer",
	    "price", price,
	    "priceCurrency", dbres_get(res, 0, "currency"),
	    "availability", schema_availability(avail),
	    "url", url);
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o?, s:o?, s:{s:s, s:s}, s:s}",
	    "@context", "https://schema.org",
	    "@type", "Event",
	    "name", dbres_get(res, 0, "name"),
	    "description", desc,
	    "startDate", start,
	    "endDate", end,
	    "eventStatus", strcmp(dbres_get(res, 0, "status"), "cancelled") == 0 ?
	        "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
	    "eventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode",
	    "location", place,
	    "offers", offer,
	    "organizer", "@type", org != NULL ? "Person" : "Organization",
	    "name", org != NULL ? org : conf_str(r->app->conf, "Site.Name", "Kametay"),
	    "url", url);
	if (j == NULL)
		goto out;
	if (imgurl != NULL && json_object_set_new(j, "image", json_pack("[s]", imgurl)) != 0)
		goto out;
	if ((ld = json_script_data(j)) == NULL)
		goto out;
	hdf_put(r->hdf, "Event.JsonLd", ld);
out:
	json_decref(j);
	free(ld);
	free(esc);
	free(imgurl);
	free(url);
	free(desc);
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

/*
 * The lowest price as the pages write it, in the visitor's language, for
 * API clients that show it as it is: "Free" for 0, "from 2 000 KZT" else.
 */
static void
event_json_price_text(struct req *r, json_t *o, const struct dbres *res, size_t row)
{
	const char	*pre, *post;
	char		 money[64], *text;

	if (o == NULL || dbres_get(res, row, "price_from") == NULL)
		return;
	if (dbres_int(res, row, "price_from") == 0) {
		(void)json_object_set_new(o, "price_text",
		    json_string(req_lang_str(r, "Lang.Event.free")));
		return;
	}
	format_money(dbres_int(res, row, "price_from"), money, sizeof(money));
	pre = req_lang_str(r, "Lang.Event.price_from");
	post = req_lang_str(r, "Lang.Event.price_from_after");
	text = xasprintf("%s%s%s %s%s%s", pre, *pre != '\0' ? " " : "", money,
	    dbres_get(res, row, "currency"), *post != '\0' ? " " : "", post);
	(void)json_object_set_new(o, "price_text", json_string(text));
	free(text);
}

struct search {
	struct listing_query q;
	const char	*bad;	/* field name of the first bad parameter */
	int		 past_end;	/* a page no listing reaches: nothing to ask for */
};

/* Pages past this one are empty without asking the database (no offset overflows). */
#define LISTING_PAGE_MAX 100000

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
	if (page != NULL && *page != '\0') {
		if (parse_int64(page, 1, INT64_MAX, &s->q.page) != 0)
			s->bad = "page";
		else if (s->q.page > LISTING_PAGE_MAX)
			s->past_end = 1;
	}
}

/* The Lang.Err code naming a search's first bad parameter. */
static const char *
search_error(const struct search *s)
{
	if (strcmp(s->bad, "q") == 0)
		return "search_q_invalid";
	if (strcmp(s->bad, "venue") == 0)
		return "search_venue_invalid";
	if (strcmp(s->bad, "page") == 0)
		return "search_page_invalid";
	return "search_date_invalid";
}

void
h_home(struct req *r)
{
	struct search	 s;
	struct dbres	*res = NULL;
	enum dom_rc	 rc;
	size_t		 i, n;
	char		 key[32], ekey[64];
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
		snprintf(ekey, sizeof(ekey), "Lang.Err.%s", search_error(&s));
		hdf_put(r->hdf, key, req_lang_str(r, ekey));
		hdf_put(r->hdf, "Errors.form", req_lang_str(r, ekey));
		free(s.q.like);
		r->tpl = TPL_HOME;
		return;
	}
	if (s.past_end) {
		free(s.q.like);
		r->tpl = TPL_HOME;	/* the template's "nothing found" */
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
		char key[64];

		/* the code stays search_invalid (clients match it); the message and
		 * `field` name the parameter */
		free(s.q.like);
		snprintf(key, sizeof(key), "Lang.Err.%s", search_error(&s));
		req_json(r, 400, json_pack("{s:s, s:s, s:s}", "error", "search_invalid",
		    "message", req_lang_str(r, key), "field", s.bad));
		return;
	}
	if (s.past_end) {
		free(s.q.like);
		req_json(r, 200, json_pack("{s:[], s:n}", "events", "next_page"));
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
	for (i = 0; i < n; i++) {
		json_t *o = event_json(r->app, res, i);

		event_json_price_text(r, o, res, i);
		json_array_append_new(list, o);
	}
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
	event_share_fill(r, res);
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
	struct dbres	*res;
	json_t		*o;

	if ((res = event_load(r)) == NULL)
		return;
	o = event_json(r->app, res, 0);
	event_json_price_text(r, o, res, 0);
	req_json(r, 200, o);
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
