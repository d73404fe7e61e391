/*
 * The organiser's events: create, edit, publish, cancel, co-organisers and
 * door staff, the post-event report, and the JSON API for the same.
 *
 * Who may do what: the event's owner, its co-organisers and admins manage
 * it; door staff may only check people in; anyone else gets 404, as if the
 * event did not exist (pages and API alike).  The rules and the writes are
 * domain/event_rules.c; this file reads the form and answers.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>

#include "core/core.h"
#include "core/forms.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/audit.h"
#include "domain/event_rules.h"
#include "domain/venue_plans.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/hallplan.h"
#include "lib/parse.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

#define IMAGE_MAX	(2 * 1024 * 1024)
#define ORG_EVENTS_PAGE	25	/* events per page of the organiser's list */

static const char *const currencies[] = { "KZT", "RUB", "USD", "EUR", NULL };

/* Loads an event the user manages, or answers 404/503 and returns NULL. */
static struct dbres *
managed_event(struct req *r, int64_t id)
{
	struct dbres	*ev;
	enum dom_rc	 rc;

	if ((rc = event_managed(r->app->db, &r->user, id, &ev)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return NULL;
	}
	return ev;
}

/* ---- the event form ---------------------------------------------------- */

static int
is_api(struct req *r)
{
	return (r->route->flags & R_API) != 0;
}

/* An optional whole number field; def when absent.  -1 (and an error) when bad. */
static int
opt_int(struct req *r, struct ferrs *e, const char *name, int64_t min, int64_t max,
    int64_t def, int64_t *out, const char *code)
{
	const char	*v = req_field(r, name);
	char		*copy;
	int		 bad;

	*out = def;
	if (v == NULL || *v == '\0')
		return 0;
	copy = xstrdup(v);
	bad = parse_int64(str_trim(copy), min, max, out);
	free(copy);
	if (bad) {
		ferr_add(e, name, code);
		return -1;
	}
	return 0;
}

/* A JSON boolean or a form's "1"/"on"; def when absent. */
static int
opt_bool(struct req *r, const char *name, int def)
{
	json_t		*v;
	const char	*s;

	if (r->jin != NULL) {
		if ((v = json_object_get(r->jin, name)) == NULL || json_is_null(v))
			return def;
		return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0);
	}
	if ((s = req_form(r, name)) == NULL || *s == '\0')
		return def;
	return strcmp(s, "1") == 0 || strcmp(s, "on") == 0 || strcmp(s, "yes") == 0;
}

/* The price for a category: price_<CAT> (form), prices.<CAT> (API) or the one `price`. */
static int
price_for(void *arg, const char *cat, int64_t *out)
{
	struct req	*r = arg;
	char		*key;
	const char	*v = NULL;
	json_t		*p;

	if (r->jin != NULL) {
		if ((p = json_object_get(json_object_get(r->jin, "prices"), cat)) != NULL) {
			if (!json_is_integer(p) || json_integer_value(p) < 0 ||
			    json_integer_value(p) > 100000000000LL)
				return -1;
			*out = json_integer_value(p);
			return 0;
		}
		if ((p = json_object_get(r->jin, "price")) == NULL)
			return 1;
		if (!json_is_integer(p) || json_integer_value(p) < 0 ||
		    json_integer_value(p) > 100000000000LL)
			return -1;
		*out = json_integer_value(p);	/* the API speaks minor units */
		return 0;
	}
	/* a category is up to HP_CATEGORY_CHARS letters of any script: no fixed buffer */
	key = xasprintf("price_%s", cat);
	v = req_form(r, key);
	free(key);
	if (v == NULL || *v == '\0')
		v = req_form(r, "price");
	if (v == NULL || *v == '\0')
		return 1;
	return parse_money(v, out) == 0 ? 0 : -1;
}

/* The start: ISO 8601 from the API, local date and time from the page; not past. */
static void
read_start(struct req *r, struct event_form *f, struct ferrs *e)
{
	const char *v, *d, *t;

	if (is_api(r)) {
		if ((v = req_field(r, "starts_at")) == NULL || *v == '\0')
			ferr_add(e, "starts_at", "required");
		else if (parse_iso8601(v, f->starts, sizeof(f->starts), &f->starts_t) != 0)
			ferr_add(e, "starts_at", "datetime_invalid");
	} else {
		d = req_field(r, "date");
		t = req_field(r, "time");
		if (d == NULL || *d == '\0')
			ferr_add(e, "date", "required");
		else if (t == NULL || *t == '\0')
			ferr_add(e, "time", "required");
		else if (parse_local_datetime(d, t, f->starts, sizeof(f->starts), &f->starts_t) != 0)
			ferr_add(e, "date", "datetime_invalid");
	}
	if (f->starts[0] != '\0' && f->starts_t <= time(NULL))
		ferr_add(e, f->date_field, "in_past");
}

/* The page's optional sales window: opens before it closes, closes by the start. */
static void
read_sales(struct req *r, struct event_form *f, struct ferrs *e)
{
	const char	*v;
	time_t		 t;

	if ((v = req_field(r, "sales_start")) != NULL && *v != '\0') {
		if (parse_datetime_local(v, f->sales_start, sizeof(f->sales_start), &t) != 0)
			ferr_add(e, "sales_start", "datetime_invalid");
		else
			f->has_ss = 1;
	}
	if ((v = req_field(r, "sales_end")) != NULL && *v != '\0') {
		if (parse_datetime_local(v, f->sales_end, sizeof(f->sales_end), &t) != 0)
			ferr_add(e, "sales_end", "datetime_invalid");
		else
			f->has_se = 1;
	}
	if (f->has_ss && f->has_se && strcmp(f->sales_start, f->sales_end) >= 0)
		ferr_add(e, "sales_end", "sales_window_invalid");
	if (f->has_se && f->starts[0] != '\0' && strcmp(f->sales_end, f->starts) > 0)
		ferr_add(e, "sales_end", "sales_after_start");
}

/* Reads and checks the fields that need no database; the rest is evform_check. */
static void
evform_read(struct req *r, struct event_form *f, struct ferrs *e)
{
	const char	*v;
	int		 i;

	memset(f, 0, sizeof(*f));
	f->date_field = is_api(r) ? "starts_at" : "date";
	f->price = price_for;
	f->price_arg = r;
	f->name = valid_text_tr(r, e, "name", tr_name_keys, 200, 0, 1, f->name_tr);
	f->description = valid_text_tr(r, e, "description", tr_desc_keys, 5000, 1, 0,
	    f->desc_tr);
	if (f->description == NULL)
		f->description = xstrdup("");
	f->location = valid_text(r, e, "location", 300, 0);

	read_start(r, f, e);

	/* an empty field is as missing as an absent one (opt_int would read it as 0) */
	if ((v = req_field(r, is_api(r) ? "duration_minutes" : "duration")) == NULL ||
	    *v == '\0')
		ferr_add(e, is_api(r) ? "duration_minutes" : "duration", "required");
	else
		opt_int(r, e, is_api(r) ? "duration_minutes" : "duration", 1, 7 * 24 * 60, 0,
		    &f->duration, "duration_invalid");
	opt_int(r, e, "venue_id", 1, INT64_MAX, 0, &f->venue_id, "venue_invalid");
	opt_int(r, e, "client_id", 1, INT64_MAX, 0, &f->client_id, "client_invalid");
	/* the API may leave it to the venue; an unticked form box means no */
	f->seated = opt_bool(r, "seated", is_api(r) ? -1 : 0);
	/*
	 * A seated event's capacity is its seat count: the form shows the field
	 * only for general admission (all fields without JavaScript), and what
	 * it holds for a seated event is ignored, not refused.
	 */
	if (f->seated != 1)
		opt_int(r, e, "capacity", 1, 1000000, 0, &f->capacity, "capacity_invalid");
	opt_int(r, e, "max_per_person", 1, 50, 4, &f->max_pp, "max_per_person_invalid");

	f->currency = "KZT";
	if ((v = req_field(r, "currency")) != NULL && *v != '\0') {
		for (i = 0; currencies[i] != NULL; i++)
			if (strcmp(v, currencies[i]) == 0)
				break;
		if (currencies[i] == NULL)
			ferr_add(e, "currency", "currency_invalid");
		else
			f->currency = currencies[i];
	}
	if (!is_api(r)) {
		read_sales(r, f, e);
		v = req_field(r, "action");
		f->publish = v != NULL && strcmp(v, "publish") == 0;
	} else
		f->publish = !opt_bool(r, "draft", 0);
}

/*
 * The checks that need the database (domain/event_rules.c); `ev` is the
 * stored event when editing, else NULL.  Adds to e; -1 when it already
 * answered.
 */
static int
evform_check(struct req *r, struct event_form *f, struct ferrs *e, const struct dbres *ev)
{
	struct ev_errs	 de = { 0 };
	enum dom_rc	 rc;
	size_t		 i;

	if ((rc = event_check(r->app->db, &r->user, f, ev, &de)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return -1;
	}
	for (i = 0; i < de.n; i++)
		ferr_add(e, de.v[i].field, de.v[i].code);
	if (f->busy) {
		char	 when[64], until[16], *msg;

		format_local(f->busy_at, when, sizeof(when), "%d.%m.%Y %H:%M");
		format_local(f->busy_end, until, sizeof(until), "%H:%M");
		/* another organiser's draft is nobody else's business: its time only */
		if (f->busy_name != NULL)
			msg = xasprintf("%s «%s», %s", req_lang_str(r, "Lang.Err.venue_busy"),
			    f->busy_name, when);
		else
			msg = xasprintf("%s %s–%s", req_lang_str(r, "Lang.Day.busy_time"), when,
			    until);
		hdf_put(r->hdf, "Overlap", msg);
		free(msg);
	}
	return 0;
}

/*
 * After ferr_answer: a venue booked at that time is a conflict (409
 * venue_busy, CONTRACT §3), not a typing error, in pages and API alike.
 */
static void
busy_answer(struct req *r, const struct event_form *f)
{
	const char *msg = hdf_get_value(r->hdf, "Overlap", NULL);

	if (!f->busy || msg == NULL)
		return;
	if (r->jout != NULL) {
		json_object_set_new(r->jout, "error", json_string("venue_busy"));
		json_object_set_new(r->jout, "message", json_string(msg));
		if (json_object_get(r->jout, "fields") != NULL)
			json_object_set_new(json_object_get(r->jout, "fields"), "starts_at",
			    json_string(msg));
	} else
		hdf_put(r->hdf, "Errors.date", msg);
	r->status = 409;
}

/* ---- the form page's data ---------------------------------------------- */

/*
 * Venues.N.Busy for the time the form holds (Form.date, time, duration),
 * so the choice says which venues are free then; `self` is the event.
 */
static void
mark_busy(struct req *r, const struct dbres *res, int64_t self)
{
	const char	*d = hdf_get_value(r->hdf, "Form.date", NULL);
	const char	*t = hdf_get_value(r->hdf, "Form.time", NULL);
	int64_t		*ids = NULL, mins;
	int		*busy = NULL;
	char		 start[32], key[48];
	time_t		 ts;
	size_t		 i;

	mins = hdf_get_int_value(r->hdf, "Form.duration", 0);
	if (d == NULL || t == NULL || mins <= 0 || mins > 7 * 24 * 60 || res->nrows == 0 ||
	    parse_local_datetime(d, t, start, sizeof(start), &ts) != 0)
		return;
	if ((ids = calloc(res->nrows, sizeof(*ids))) == NULL ||
	    (busy = calloc(res->nrows, sizeof(*busy))) == NULL) {
		klog("mark_busy: out of memory");
		goto out;
	}
	for (i = 0; i < res->nrows; i++)
		ids[i] = dbres_int(res, i, "id");
	if (venue_busy_at(r->app->db, start, mins, self, ids, res->nrows, busy) == DOM_OK) {
		hdf_put(r->hdf, "VenueTimeKnown", "1");
		for (i = 0; i < res->nrows; i++) {
			snprintf(key, sizeof(key), "Venues.%zu.Busy", i);
			hdf_put(r->hdf, key, busy[i] ? "1" : "0");
		}
	}
out:
	free(ids);
	free(busy);
}

static void
fill_choices(struct req *r, int64_t current_venue, int64_t owner, int64_t self)
{
	struct dbres	*res = NULL, *cats = NULL;
	char		 key[48], buf[32];
	size_t		 i, j, ncat = 0;
	const char	*seen[EV_MAX_CATS];	/* Categories.N as put in the HDF */
	int		 admin = r->user.role == ROLE_ADMIN;

	if (db_query(r->app->db, STMT_VENUES_USABLE, &res, "i", current_venue) == DB_OK) {
		mark_busy(r, res, self);
		for (i = 0; i < res->nrows; i++) {
			snprintf(key, sizeof(key), "Venues.%zu", i);
			dbres_row_to_hdf(res, i, r->hdf, key);
			format_money(dbres_int(res, i, "price_per_hour"), buf, sizeof(buf));
			snprintf(key, sizeof(key), "Venues.%zu.Rent", i);
			hdf_put(r->hdf, key, buf);
			if (!dbres_int(res, i, "seated"))
				continue;
			if (db_query(r->app->db, STMT_VENUE_CATEGORIES, &cats, "i",
			    dbres_int(res, i, "id")) != DB_OK)
				continue;
			for (j = 0; j < cats->nrows; j++) {
				const char	*c = dbres_get(cats, j, "category");
				size_t		 k;

				for (k = 0; k < ncat; k++)
					if (strcmp(seen[k], c) == 0)
						break;
				if (k == ncat && ncat < EV_MAX_CATS) {
					snprintf(key, sizeof(key), "Categories.%zu", ncat);
					hdf_put(r->hdf, key, c);
					if ((seen[ncat] = hdf_get_value(r->hdf, key, NULL)) != NULL)
						ncat++;
				}
			}
			dbres_free(cats);
			cats = NULL;
		}
		dbres_free(res);
		res = NULL;
	}
	/* the event owner's clients: a co-organiser's save must not drop the owner's link */
	if (db_query(r->app->db, STMT_CLIENTS, &res, "ii", (int64_t)admin, owner) == DB_OK) {
		for (i = 0; i < res->nrows; i++) {
			snprintf(key, sizeof(key), "Clients.%zu", i);
			dbres_row_to_hdf(res, i, r->hdf, key);
		}
		dbres_free(res);
	}
	for (i = 0; currencies[i] != NULL; i++) {
		snprintf(key, sizeof(key), "Currencies.%zu", i);
		hdf_put(r->hdf, key, currencies[i]);
	}
}

static const char *const ev_fields[] = {
	"name", "description", "name_en", "name_ru", "name_kk", "description_en",
	"description_ru", "description_kk", "date", "time", "duration", "venue_id", "location", "seated",
	"capacity", "price", "currency", "max_per_person", "sales_start", "sales_end",
	"client_id", NULL
};

/* Keeps the typed price_<CAT> fields too (their names come from the categories). */
static void
keep_prices(struct req *r)
{
	HDF		*q = hdf_get_obj(r->hdf, "Query"), *c;
	char		*key;

	for (c = q ? hdf_obj_child(q) : NULL; c != NULL; c = hdf_obj_next(c)) {
		const char *n = hdf_obj_name(c), *v = hdf_obj_value(c);

		/* a category name as a hall plan allows it (Cyrillic too), nothing else */
		if (strncmp(n, "price_", 6) != 0 || v == NULL || !utf8_valid(v, strlen(v)) ||
		    hp_text_check(n + 6, HP_CATEGORY_CHARS, 1) != HP_FIELD_OK)
			continue;
		key = xasprintf("Form.%s", n);
		hdf_put(r->hdf, key, v);
		free(key);
	}
}

static void
form_page(struct req *r, const struct dbres *ev)
{
	fill_choices(r, ev ? dbres_int(ev, 0, "venue_id") : 0,
	    ev ? dbres_int(ev, 0, "organiser_id") : r->user.id, ev ? dbres_int(ev, 0, "id") : 0);
	hdf_put(r->hdf, "Page.Sub", "events");
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, ev ? "Lang.OrgEv.edit_heading" :
	    "Lang.OrgEv.new_heading"));
	r->tpl = TPL_ORG_EVENT;
}

/* Event row → Form.* for the edit form, in local time and tenge. */
static void
event_to_form(struct req *r, const struct dbres *ev)
{
	struct dbres	*pr = NULL;
	char		 buf[64], key[64], *pk;
	time_t		 t;
	size_t		 i;
	const char	*v;
	static const char *const same[] = { "name", "description", "location", "venue_id",
	    "capacity", "currency", "max_per_person", "client_id", "seated", NULL };

	for (i = 0; same[i] != NULL; i++)
		if ((v = dbres_get(ev, 0, same[i])) != NULL) {
			snprintf(key, sizeof(key), "Form.%s", same[i]);
			hdf_put(r->hdf, key, v);
		}
	/*
	 * The translations as given, the page language's in its main field
	 * (name, description); an event with none (from before schema/065)
	 * shows its one text there, as `same` put it.
	 */
	for (i = 0; i < 2; i++) {
		static const char *const tf[] = { "name", "description" };
		const char	*tv[EV_LANGS];
		size_t		 k, any = 0;

		for (k = 0; k < EV_LANGS; k++) {
			snprintf(key, sizeof(key), "%s_%s", tf[i], ev_lang_codes[k]);
			if ((tv[k] = dbres_get(ev, 0, key)) != NULL)
				any = 1;
		}
		for (k = 0; any && k < EV_LANGS; k++) {
			if (k == (size_t)r->lang)
				snprintf(key, sizeof(key), "Form.%s", tf[i]);
			else
				snprintf(key, sizeof(key), "Form.%s_%s", tf[i], ev_lang_codes[k]);
			hdf_put(r->hdf, key, tv[k] != NULL ? tv[k] : "");
		}
	}
	hdf_put(r->hdf, "Form.duration", dbres_get(ev, 0, "duration_minutes"));
	t = db_time_parse(dbres_get(ev, 0, "starts_at"));
	format_local(t, buf, sizeof(buf), "%Y-%m-%d");
	hdf_put(r->hdf, "Form.date", buf);
	format_local(t, buf, sizeof(buf), "%H:%M");
	hdf_put(r->hdf, "Form.time", buf);
	if ((v = dbres_get(ev, 0, "sales_start")) != NULL) {
		format_local(db_time_parse(v), buf, sizeof(buf), "%Y-%m-%dT%H:%M");
		hdf_put(r->hdf, "Form.sales_start", buf);
	}
	if ((v = dbres_get(ev, 0, "sales_end")) != NULL) {
		format_local(db_time_parse(v), buf, sizeof(buf), "%Y-%m-%dT%H:%M");
		hdf_put(r->hdf, "Form.sales_end", buf);
	}
	if (db_query(r->app->db, STMT_EVENT_PRICES, &pr, "i", dbres_int(ev, 0, "id")) == DB_OK) {
		for (i = 0; i < pr->nrows; i++) {
			int64_t m = dbres_int(pr, i, "price");

			if (m % 100 == 0)
				snprintf(buf, sizeof(buf), "%lld", (long long)(m / 100));
			else
				snprintf(buf, sizeof(buf), "%lld.%02lld", (long long)(m / 100),
				    (long long)(m % 100));
			pk = xasprintf("Form.price_%s", dbres_get(pr, i, "category"));
			hdf_put(r->hdf, pk, buf);
			free(pk);
			if (strcmp(dbres_get(pr, i, "category"), "GA") == 0)
				hdf_put(r->hdf, "Form.price", buf);
		}
		dbres_free(pr);
	}
}

/* ---- the audit log ------------------------------------------------------- */

static void
audit_ev(struct req *r, int64_t id, const char *action, int64_t target, const char *field,
    const char *before, const char *after)
{
	(void)audit_note(r->app->db, r->user.id, id, 0, action, target, field, before, after);
}

/* One entry per field the edit changed, before -> after, as stored. */
static void
audit_event_edit(struct req *r, const struct dbres *ev, const struct event_form *f)
{
	char	 b[64], a[64], *fb = NULL;
	time_t	 was = db_time_parse(dbres_get(ev, 0, "starts_at"));
	int64_t	 id = dbres_int(ev, 0, "id");

	if (strcmp(dbres_get(ev, 0, "name"), f->name) != 0)
		audit_ev(r, id, "event_update", 0, "name", dbres_get(ev, 0, "name"), f->name);
	if (f->starts[0] != '\0' && was != f->starts_t) {
		format_local(was, b, sizeof(b), "%d.%m.%Y %H:%M");
		format_local(f->starts_t, a, sizeof(a), "%d.%m.%Y %H:%M");
		audit_ev(r, id, "event_update", 0, "starts_at", b, a);
	}
	if (dbres_int(ev, 0, "duration_minutes") != f->duration) {
		snprintf(a, sizeof(a), "%lld", (long long)f->duration);
		audit_ev(r, id, "event_update", 0, "duration", dbres_get(ev, 0, "duration_minutes"),
		    a);
	}
	if (dbres_int(ev, 0, "venue_id") != f->venue_id) {
		snprintf(a, sizeof(a), "%lld", (long long)f->venue_id);
		audit_ev(r, id, "event_update", 0, "venue", dbres_get(ev, 0, "venue_name"),
		    f->venue_id ? a : f->location);
	}
	if (dbres_int(ev, 0, "capacity") != f->capacity) {
		snprintf(a, sizeof(a), "%lld", (long long)f->capacity);
		audit_ev(r, id, "event_update", 0, "capacity", dbres_get(ev, 0, "capacity"), a);
	}
	if (dbres_int(ev, 0, "max_per_person") != f->max_pp) {
		snprintf(a, sizeof(a), "%lld", (long long)f->max_pp);
		audit_ev(r, id, "event_update", 0, "max_per_person",
		    dbres_get(ev, 0, "max_per_person"), a);
	}
	fb = xstrdup(dbres_get(ev, 0, "description"));
	if (f->description != NULL && strcmp(fb, f->description) != 0)
		audit_ev(r, id, "event_update", 0, "description", fb, f->description);
	free(fb);
}

/* Audit.N: the event's entries, newest first, for its page. */
static void
audit_to_hdf(struct req *r, int64_t id)
{
	struct dbres	*res = NULL;
	char		 key[48], buf[64];
	size_t		 i;
	NEOERR		*err;

	if (audit_list(r->app->db, id, 0, 50, 0, &res) != DOM_OK)
		return;
	for (i = 0; i < res->nrows; i++) {
		snprintf(key, sizeof(key), "Audit.%zu", i);
		if ((err = dbres_row_to_hdf(res, i, r->hdf, key)) != STATUS_OK) {
			klog_nerr("audit_to_hdf", &err);
			break;
		}
		format_local(db_time_parse(dbres_get(res, i, "created_at")), buf, sizeof(buf),
		    "%d.%m.%Y %H:%M");
		snprintf(key, sizeof(key), "Audit.%zu.When", i);
		hdf_put(r->hdf, key, buf);
	}
	dbres_free(res);
}

/* Event.* for the edit page: status, sales, staff, image, report. */
static void
event_info(struct req *r, const struct dbres *ev)
{
	struct dbres	*st = NULL;
	char		 key[48], buf[64];
	size_t		 i;
	int64_t		 id = dbres_int(ev, 0, "id");

	hdf_put(r->hdf, "Event.Id", dbres_get(ev, 0, "id"));
	hdf_put(r->hdf, "Event.Name", dbres_get(ev, 0, "name"));
	hdf_put(r->hdf, "Event.Status", dbres_get(ev, 0, "status"));
	hdf_put(r->hdf, "Event.Sold", dbres_get(ev, 0, "sold"));
	hdf_put(r->hdf, "Event.Capacity", dbres_get(ev, 0, "capacity"));
	hdf_put(r->hdf, "Event.Ended", dbres_get(ev, 0, "ended"));
	hdf_put(r->hdf, "Event.Seated", dbres_get(ev, 0, "seated"));
	if (dbres_get(ev, 0, "image") != NULL)
		hdf_put(r->hdf, "Event.Image", dbres_get(ev, 0, "image"));
	format_local(db_time_parse(dbres_get(ev, 0, "starts_at")), buf, sizeof(buf),
	    "%d.%m.%Y %H:%M");
	hdf_put(r->hdf, "Event.StartsLocal", buf);
	if (db_query(r->app->db, STMT_STAFF_LIST, &st, "ii", id, id) == DB_OK) {
		for (i = 0; i < st->nrows; i++) {
			snprintf(key, sizeof(key), "Staff.%zu", i);
			dbres_row_to_hdf(st, i, r->hdf, key);
		}
		dbres_free(st);
	}
	audit_to_hdf(r, id);
}

/* ---- pages ------------------------------------------------------------- */

void
h_org_events(struct req *r)
{
	struct dbres	*res = NULL;
	char		 key[48], buf[64];
	const char	*tab = req_query(r, "tab"), *p = req_query(r, "page");
	int64_t		 pg = 1;
	size_t		 i;
	enum db_rc	 rc;
	int		 past = tab != NULL && strcmp(tab, "past") == 0;

	if (p != NULL && parse_int64(p, 1, 100000, &pg) != 0)
		pg = 1;
	/* upcoming, the next first; or past, the latest first; a row more says "next page" */
	if ((rc = db_query(r->app->db, past ? STMT_ORG_EVENTS_PAST : STMT_ORG_EVENTS, &res,
	    "iiiii", (int64_t)(r->user.role == ROLE_ADMIN), r->user.id, r->user.id,
	    (int64_t)ORG_EVENTS_PAGE + 1, (pg - 1) * ORG_EVENTS_PAGE)) != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	hdf_put(r->hdf, "Tab", past ? "past" : "upcoming");
	if (res->nrows > ORG_EVENTS_PAGE)
		hdf_put_int(r->hdf, "Pager.Next", (int)pg + 1);
	if (pg > 1)
		hdf_put_int(r->hdf, "Pager.Prev", (int)pg - 1);
	for (i = 0; i < res->nrows && i < ORG_EVENTS_PAGE; i++) {
		snprintf(key, sizeof(key), "Events.%zu", i);
		dbres_row_to_hdf(res, i, r->hdf, key);
		format_local(db_time_parse(dbres_get(res, i, "starts_at")), buf, sizeof(buf),
		    "%d.%m.%Y %H:%M");
		snprintf(key, sizeof(key), "Events.%zu.StartsLocal", i);
		hdf_put(r->hdf, key, buf);
	}
	dbres_free(res);
	hdf_put(r->hdf, "Page.Sub", "events");
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.OrgEv.list_heading"));
	r->tpl = TPL_ORG_EVENTS;
}

void
h_org_event_new(struct req *r)
{
	hdf_put(r->hdf, "Form.duration", "120");
	hdf_put(r->hdf, "Form.max_per_person", "4");
	hdf_put(r->hdf, "Form.currency", "KZT");
	form_page(r, NULL);
}

/* Saves an image upload if one came with the form; 0, or -1 after an error. */
static int save_image(struct req *r, int64_t id, struct ferrs *e);

/*
 * Creates an event from the page or the API.  Returns its id, 0 after a
 * validation answer, -1 after an error answer.
 */
static int64_t
create_from_form(struct req *r)
{
	struct event_form f;
	struct ferrs	 e = { 0 };
	int64_t		 id = -1;
	enum dom_rc	 rc;

	evform_read(r, &f, &e);
	if (e.n == 0 && evform_check(r, &f, &e, NULL) != 0)
		goto out;
	if (e.n > 0) {
		if (!is_api(r)) {
			form_keep(r, ev_fields);
			keep_prices(r);
			form_page(r, NULL);
		}
		ferr_answer(r, &e, TPL_ORG_EVENT);
		busy_answer(r, &f);
		id = 0;
		goto out;
	}
	rc = event_create(r->app->db, r->user.id, &f, &id);
	if (rc == DOM_CONFLICT && evform_check(r, &f, &e, NULL) == 0 && f.busy) {
		/* another organiser booked the venue meanwhile: say who, as above */
		if (!is_api(r)) {
			form_keep(r, ev_fields);
			keep_prices(r);
			form_page(r, NULL);
		}
		ferr_answer(r, &e, TPL_ORG_EVENT);
		busy_answer(r, &f);
		id = 0;
	} else if (rc != DOM_OK) {
		if (r->tpl != TPL_ERROR && r->jout == NULL)
			req_fail(r, rc, rc == DOM_CONFLICT ? "venue_busy" : NULL);
		id = -1;
	}
out:
	event_form_free(&f);
	return id;
}

void
h_org_event_create(struct req *r)
{
	int64_t		 id;
	struct ferrs	 e = { 0 };
	char		*loc;

	if ((id = create_from_form(r)) <= 0)
		return;
	audit_ev(r, id, "event_create", 0, "name", NULL, req_field(r, "name"));
	if (save_image(r, id, &e) != 0) {
		/* the event exists; the image can be fixed on its page */
		req_flash(r, "event_saved_image_refused");
	} else {
		const char *a = req_form(r, "action");

		req_flash(r, a != NULL && strcmp(a, "publish") == 0 ? "event_published" :
		    "event_saved");
	}
	loc = xasprintf("/organiser/events/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

void
h_org_event(struct req *r)
{
	struct dbres *ev;

	if ((ev = managed_event(r, req_param_id(r, 0))) == NULL)
		return;
	event_to_form(r, ev);
	event_info(r, ev);
	form_page(r, ev);
	dbres_free(ev);
}

/*
 * Date and time are fixed once people may have bought for them; under way,
 * the fixed start is past: no error for it, but the other fields' errors
 * stand.  The seat map of a published event with seats sold cannot change.
 */
static void
published_locks(struct req *r, const struct dbres *ev, struct event_form *f, struct ferrs *e)
{
	char		 d[16], t[8];
	const char	*v;
	size_t		 i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].field, "date") == 0 && strcmp(e->v[i].code, "in_past") == 0) {
			memmove(&e->v[i], &e->v[i + 1], (e->n - i - 1) * sizeof(e->v[0]));
			e->n--;
			break;
		}
	snprintf(f->starts, sizeof(f->starts), "%s", dbres_get(ev, 0, "starts_at"));
	f->starts_t = db_time_parse(f->starts);
	format_local(f->starts_t, d, sizeof(d), "%Y-%m-%d");
	format_local(f->starts_t, t, sizeof(t), "%H:%M");
	if (((v = req_field(r, "date")) != NULL && strcmp(v, d) != 0) ||
	    ((v = req_field(r, "time")) != NULL && strcmp(v, t) != 0))
		ferr_add(e, "date", "date_locked");
	if (dbres_int(ev, 0, "sold") > 0 && f->venue_id != dbres_int(ev, 0, "venue_id"))
		ferr_add(e, "venue_id", "venue_locked");
}

/* The form again with its errors. */
/* After ferr_answer: a capacity below the places taken names the lowest it can be. */
static void
capacity_answer(struct req *r, const struct event_form *f)
{
	char *msg;

	if (f->min_capacity <= 0 || hdf_get_value(r->hdf, "Errors.capacity", NULL) == NULL)
		return;
	msg = req_lang_fill_int(r, "Lang.Err.capacity_min", "n", (long long)f->min_capacity);
	hdf_put(r->hdf, "Errors.capacity", msg);
	free(msg);
}

static void
update_refused(struct req *r, const struct dbres *ev, const struct ferrs *e)
{
	form_keep(r, ev_fields);
	keep_prices(r);
	event_info(r, ev);
	form_page(r, ev);
	ferr_answer(r, e, TPL_ORG_EVENT);
}

/* Updates an event; published events keep their date and time. */
void
h_org_event_update(struct req *r)
{
	struct dbres	*ev;
	struct event_form f;
	struct ferrs	 e = { 0 };
	struct ev_errs	 de = { 0 };
	enum dom_rc	 rc;
	int64_t		 id = req_param_id(r, 0);
	const char	*status;
	char		*loc;
	int		 published;

	if ((ev = managed_event(r, id)) == NULL)
		return;
	status = dbres_get(ev, 0, "status");
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "completed") == 0) {
		dbres_free(ev);
		req_fail(r, DOM_CONFLICT, "event_closed");
		return;
	}
	published = strcmp(status, "draft") != 0;
	evform_read(r, &f, &e);
	if (published)
		published_locks(r, ev, &f, &e);
	if (e.n == 0 && evform_check(r, &f, &e, ev) != 0)
		goto out;
	if (e.n == 0) {
		rc = event_update(r->app, id, &f, !published && f.publish, &de);
		if (rc == DOM_CONFLICT) {
			/* another organiser booked the venue meanwhile: say who, as above */
			if (evform_check(r, &f, &e, ev) != 0)
				goto out;
			if (e.n == 0)
				ferr_add(&e, de.v[0].field, de.v[0].code);
		} else if (rc == DOM_INVALID)
			ferr_add(&e, de.v[0].field, de.v[0].code);
		else if (rc != DOM_OK) {
			req_fail(r, rc, NULL);
			goto out;
		}
	}
	if (e.n == 0)
		audit_event_edit(r, ev, &f);
	if (e.n == 0 && !published && f.publish)
		audit_ev(r, id, "event_publish", 0, "status", "draft", "published");
	if (e.n == 0 && save_image(r, id, &e) == 0) {
		req_flash(r, "event_saved");
		loc = xasprintf("/organiser/events/%lld", (long long)id);
		req_redirect(r, loc);
		free(loc);
		goto out;
	}
	if (r->tpl != TPL_ERROR && r->jout == NULL) {
		update_refused(r, ev, &e);
		busy_answer(r, &f);
		capacity_answer(r, &f);
	}
out:
	event_form_free(&f);
	dbres_free(ev);
}

void
h_org_event_publish(struct req *r)
{
	struct dbres	*ev;
	int64_t		 id = req_param_id(r, 0);
	char		*loc;
	const char	*reason = NULL;
	enum dom_rc	 rc;

	if ((ev = managed_event(r, id)) == NULL)
		return;
	rc = event_publish(r->app->db, ev, &reason);
	dbres_free(ev);
	if (rc != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	audit_ev(r, id, "event_publish", 0, "status", "draft", "published");
	req_flash(r, "event_published");
	loc = xasprintf("/organiser/events/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/* ---- image upload ------------------------------------------------------ */

/* PNG: a decodable header through libpng, not just the first bytes. */
static int
png_ok(FILE *fp)
{
	png_structp	 png;
	png_infop	 info;
	unsigned char	 sig[8];
	volatile int	 ok = 0;	/* survives libpng's longjmp */

	if (fread(sig, 1, 8, fp) != 8 || png_sig_cmp(sig, 0, 8) != 0)
		return 0;
	if ((png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL)) == NULL)
		return 0;
	if ((info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return 0;
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_init_io(png, fp);
		png_set_sig_bytes(png, 8);
		png_read_info(png, info);
		ok = png_get_image_width(png, info) > 0 && png_get_image_height(png, info) > 0 &&
		    png_get_image_width(png, info) <= 10000 && png_get_image_height(png, info) <= 10000;
	}
	png_destroy_read_struct(&png, &info, NULL);
	return ok;
}

/* JPEG: SOI marker, a frame header among the first segments, EOI at the end. */
static int
jpeg_ok(const unsigned char *b, size_t n)
{
	size_t	 i = 2;

	if (n < 4 || b[0] != 0xFF || b[1] != 0xD8 || b[2] != 0xFF ||
	    b[n - 2] != 0xFF || b[n - 1] != 0xD9)
		return 0;
	while (i + 4 <= n && b[i] == 0xFF) {
		unsigned m = b[i + 1], len = ((unsigned)b[i + 2] << 8) | b[i + 3];

		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
			return 1;	/* a start-of-frame: it is a JPEG image */
		if (len < 2)
			return 0;
		i += 2 + len;
	}
	return 0;
}

/*
 * Reads the upload into *buf (caller frees) if it is a PNG or a JPEG:
 * their extension, or NULL with the error in e.
 */
static const char *
image_read(FILE *fp, struct ferrs *e, unsigned char **buf, size_t *n)
{
	struct stat	 st;
	const char	*ext = NULL;

	*buf = NULL;
	*n = 0;
	if (fstat(fileno(fp), &st) != 0 || st.st_size == 0) {
		ferr_add(e, "image", "image_invalid");
		return NULL;
	}
	if (st.st_size > IMAGE_MAX) {
		ferr_add(e, "image", "image_too_large");
		return NULL;
	}
	rewind(fp);
	if (png_ok(fp))
		ext = "png";
	else {
		rewind(fp);
		if ((*buf = malloc((size_t)st.st_size)) == NULL)
			abort();
		*n = fread(*buf, 1, (size_t)st.st_size, fp);
		if (*n == (size_t)st.st_size && jpeg_ok(*buf, *n))
			ext = "jpg";
	}
	if (ext == NULL) {
		ferr_add(e, "image", "image_invalid");
		return NULL;
	}
	if (*buf == NULL) {
		rewind(fp);
		if ((*buf = malloc((size_t)st.st_size)) == NULL)
			abort();
		*n = fread(*buf, 1, (size_t)st.st_size, fp);
		if (*n != (size_t)st.st_size) {
			ferr_add(e, "image", "image_invalid");
			return NULL;
		}
	}
	return ext;
}

/* Stores buf at path through a temporary file and a rename; 0, or -1 logged. */
static int
image_write(const char *path, const unsigned char *buf, size_t n)
{
	char	*tmp = xasprintf("%s.tmp", path);
	int	 fd, ret = 0;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0 ||
	    write(fd, buf, n) != (ssize_t)n || fsync(fd) != 0 || close(fd) != 0 ||
	    (fd = -1, rename(tmp, path) != 0)) {
		klog("%s: cannot store upload: %s (does the directory exist?)", tmp,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		ret = -1;
	}
	free(tmp);
	return ret;
}

static int
save_image(struct req *r, int64_t id, struct ferrs *e)
{
	FILE		*fp;
	unsigned char	*buf = NULL;
	size_t		 n = 0;
	/*
	 * The file's name is the node's own value: its children are the part's
	 * Type and FileName, so req_form() would answer the Content-Type, and
	 * a browser's empty file field ("no file chosen") would be an image.
	 */
	const char	*ext, *fname = hdf_get_value(r->hdf, "Query.image", NULL);
	char		*dir = NULL, *name = NULL, *path = NULL, *tok = NULL;
	int		 ret = -1;
	enum dom_rc	 rc;

	if (r->cgi == NULL || fname == NULL || *fname == '\0' ||
	    (fp = cgi_filehandle(r->cgi, "image")) == NULL)
		return 0;
	if ((ext = image_read(fp, e, &buf, &n)) == NULL)
		goto out;
	dir = xasprintf("%s/uploads/events", conf_str(r->app->conf, "Paths.Var", "var"));
	/* a fresh name per upload: the old URL may sit in caches for a year */
	tok = random_token(12);
	name = xasprintf("%lld-%s.%s", (long long)id, tok ? tok : "x", ext);
	path = xasprintf("%s/%s", dir, name);
	if (image_write(path, buf, n) != 0) {
		req_fail(r, DOM_ERR, NULL);
		goto out;
	}
	if ((rc = event_set_image(r->app->db, id, name)) != DOM_OK) {
		req_fail(r, rc, NULL);
		unlink(path);
		goto out;
	}
	ret = 0;
out:
	free(buf);
	free(dir);
	free(name);
	free(path);
	free(tok);
	return ret;
}

/* ---- cancel ------------------------------------------------------------ */

/* Cancels an event (domain/event_rules.c); 0, or -1 answered. */
static int
cancel(struct req *r, int64_t id)
{
	struct dbres	*ev;
	const char	*reason = NULL;
	enum dom_rc	 rc;

	if ((ev = managed_event(r, id)) == NULL)
		return -1;
	rc = event_cancel(r->app, id, ev, r->user.id, &reason);
	if (rc == DOM_OK)
		audit_ev(r, id, "event_cancel", 0, "status", dbres_get(ev, 0, "status"),
		    "cancelled");
	dbres_free(ev);
	if (rc != DOM_OK) {
		req_fail(r, rc, reason);
		return -1;
	}
	return 0;
}

void
h_org_event_cancel_form(struct req *r)
{
	struct dbres *ev;

	if ((ev = managed_event(r, req_param_id(r, 0))) == NULL)
		return;
	event_info(r, ev);
	hdf_put(r->hdf, "Page.Sub", "events");
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.OrgEv.cancel_heading"));
	dbres_free(ev);
	r->tpl = TPL_ORG_CANCEL;
}

void
h_org_event_cancel(struct req *r)
{
	int64_t	 id = req_param_id(r, 0);
	char	*loc;

	if (req_form(r, "confirm") == NULL || strcmp(req_form(r, "confirm"), "1") != 0) {
		h_org_event_cancel_form(r);
		if (r->tpl == TPL_ORG_CANCEL) {
			hdf_put(r->hdf, "Errors.confirm",
			    req_lang_str(r, "Lang.Err.confirm_required"));
			r->status = 422;
		}
		return;
	}
	if (cancel(r, id) != 0)
		return;
	req_flash(r, "event_cancelled");
	loc = xasprintf("/organiser/events/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

void
h_api_event_cancel(struct req *r)
{
	struct dbres	*res = NULL;
	int64_t		 id = req_param_id(r, 0);
	enum db_rc	 rc;

	if (cancel(r, id) != 0)
		return;
	if ((rc = db_query(r->app->db, STMT_ORG_EVENT, &res, "i", id)) != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	req_json(r, 200, event_json(r->app, res, 0));
	dbres_free(res);
}

/* ---- staff ------------------------------------------------------------- */

/*
 * POST /organiser/events/{id}/staff: staff_email, staff_role.  Every
 * address gets the same answer (303 and "invitation sent"), so the form
 * tells nobody which addresses have an account; 422 for a bad address or
 * role, or the owner's own address.
 */
void
h_org_staff_add(struct req *r)
{
	static const char *const keep[] = { "staff_email", "staff_role", NULL };
	struct dbres	*ev;
	struct ferrs	 e = { 0 };
	char		*email, *loc;
	const char	*role = req_form(r, "staff_role"), *reason = NULL;
	int64_t		 id = req_param_id(r, 0);
	enum dom_rc	 rc;

	if ((ev = managed_event(r, id)) == NULL)
		return;
	if (!staff_role_valid(role))
		ferr_add(&e, "staff_role", "role_invalid");
	email = valid_email(r, &e, "staff_email");
	if (e.n == 0) {
		rc = staff_invite(r->app, id, dbres_int(ev, 0, "organiser_id"), email, role,
		    r->user.id, lang_codes[r->lang], &reason);
		if (rc == DOM_INVALID)
			ferr_add(&e, "staff_email", reason);
		else if (rc != DOM_OK) {
			req_fail(r, rc, NULL);
			goto out;
		}
	}
	if (e.n > 0) {
		event_to_form(r, ev);
		form_keep(r, keep);
		event_info(r, ev);
		form_page(r, ev);
		ferr_answer(r, &e, TPL_ORG_EVENT);
		goto out;
	}
	/* no user id: the log must not tell members from invitations either */
	audit_ev(r, id, "staff_add", 0, email, NULL, role);
	req_flash(r, "staff_invited");
	loc = xasprintf("/organiser/events/%lld#staff", (long long)id);
	req_redirect(r, loc);
	free(loc);
out:
	free(email);
	dbres_free(ev);
}

/* POST /organiser/events/{id}/staff/{user}/remove (a member by account). */
void
h_org_staff_remove(struct req *r)
{
	struct dbres	*ev;
	int64_t		 id = req_param_id(r, 0), uid = req_param_id(r, 1);
	char		*loc;
	enum dom_rc	 rc;

	if ((ev = managed_event(r, id)) == NULL)
		return;
	dbres_free(ev);
	if ((rc = staff_remove(r->app->db, id, uid)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	audit_ev(r, id, "staff_remove", uid, NULL, "staff", NULL);
	req_flash(r, "staff_removed");
	loc = xasprintf("/organiser/events/%lld#staff", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/*
 * POST /organiser/events/{id}/staff/remove: staff_email, a member or an
 * invitation alike (the team's list shows both by address).
 */
void
h_org_staff_remove_email(struct req *r)
{
	struct dbres	*ev;
	struct ferrs	 e = { 0 };
	int64_t		 id = req_param_id(r, 0);
	char		*email, *loc;
	enum dom_rc	 rc;

	if ((ev = managed_event(r, id)) == NULL)
		return;
	dbres_free(ev);
	if ((email = valid_email(r, &e, "staff_email")) == NULL) {
		req_error(r, 400, NULL);
		return;
	}
	if ((rc = staff_remove_email(r->app->db, id, email)) != DOM_OK) {
		req_fail(r, rc, NULL);
		free(email);
		return;
	}
	audit_ev(r, id, "staff_remove", 0, email, "staff", NULL);
	free(email);
	req_flash(r, "staff_removed");
	loc = xasprintf("/organiser/events/%lld#staff", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/* ---- API --------------------------------------------------------------- */

void
h_api_event_create(struct req *r)
{
	struct dbres	*res = NULL;
	int64_t		 id;
	enum db_rc	 rc;

	if ((id = create_from_form(r)) <= 0)
		return;
	if ((rc = db_query(r->app->db, STMT_ORG_EVENT, &res, "i", id)) != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	req_json(r, 201, event_json(r->app, res, 0));
	dbres_free(res);
}

/* ---- report ------------------------------------------------------------ */

/*
 * Report.Rent: the venue's rent per hour for the event's duration (in
 * tiyn, rounded to the nearest; the venue's rent is always in tenge).
 */
static void
report_rent(struct req *r, const struct dbres *ev)
{
	int64_t		 rate, mins;
	char		 buf[64];

	if (dbres_get(ev, 0, "venue_rate") == NULL)
		return;
	rate = dbres_int(ev, 0, "venue_rate");
	mins = dbres_int(ev, 0, "duration_minutes");
	format_money((rate * mins + 30) / 60, buf, sizeof(buf));
	hdf_put(r->hdf, "Report.Rent", buf);
	format_money(rate, buf, sizeof(buf));
	hdf_put(r->hdf, "Report.RentRate", buf);
	if (mins % 60 == 0)
		snprintf(buf, sizeof(buf), "%lld", (long long)(mins / 60));
	else
		snprintf(buf, sizeof(buf), "%.2f", (double)mins / 60.0);
	hdf_put(r->hdf, "Report.RentHours", buf);
}

void
h_org_report(struct req *r)
{
	struct dbres	*ev, *st = NULL, *rep = NULL;
	int64_t		 id = req_param_id(r, 0);
	char		 buf[64];

	if ((ev = managed_event(r, id)) == NULL)
		return;
	if (db_query(r->app->db, STMT_REPORT_STATS, &st, "i", id) == DB_OK) {
		hdf_put(r->hdf, "Report.Sold", dbres_get(st, 0, "sold"));
		hdf_put(r->hdf, "Report.Attendance", dbres_get(st, 0, "attendance"));
		format_money(dbres_int(st, 0, "revenue"), buf, sizeof(buf));
		hdf_put(r->hdf, "Report.Revenue", buf);
		dbres_free(st);
	}
	if (db_query(r->app->db, STMT_REPORT_GET, &rep, "i", id) == DB_OK) {
		if (rep->nrows == 1) {
			hdf_put(r->hdf, "Form.summary", dbres_get(rep, 0, "summary"));
			if (dbres_get(rep, 0, "feedback") != NULL)
				hdf_put(r->hdf, "Form.feedback", dbres_get(rep, 0, "feedback"));
			hdf_put(r->hdf, "Report.Saved", "1");
		}
		dbres_free(rep);
	}
	report_rent(r, ev);
	event_info(r, ev);
	hdf_put(r->hdf, "Event.Currency", dbres_get(ev, 0, "currency"));
	dbres_free(ev);
	hdf_put(r->hdf, "Page.Sub", "events");
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.OrgEv.report_heading"));
	r->tpl = TPL_ORG_REPORT;
}

/* Marks an ended event completed and saves the report; the numbers are counted, not typed. */
void
h_org_report_save(struct req *r)
{
	static const char *const keep[] = { "summary", "feedback", NULL };
	struct dbres	*ev;
	struct ferrs	 e = { 0 };
	int64_t		 id = req_param_id(r, 0);
	char		*summary, *feedback = NULL, *loc;
	const char	*fb, *reason = NULL;
	enum dom_rc	 rc;

	if ((ev = managed_event(r, id)) == NULL)
		return;
	rc = report_allowed(ev, &reason);
	dbres_free(ev);
	if (rc != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	summary = valid_long_text(r, &e, "summary", 5000, 1);
	if ((fb = req_field(r, "feedback")) != NULL && *fb != '\0') {
		if (!utf8_valid(fb, strlen(fb)) || utf8_len(fb) > 5000)
			ferr_add(&e, "feedback", "too_long");
		else
			feedback = xstrdup(fb);
	}
	if (e.n > 0) {
		h_org_report(r);
		form_keep(r, keep);
		ferr_answer(r, &e, TPL_ORG_REPORT);
		goto out;
	}
	if ((rc = report_save(r->app->db, id, summary, feedback)) != DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	req_flash(r, "report_saved");
	loc = xasprintf("/organiser/events/%lld/report", (long long)id);
	req_redirect(r, loc);
	free(loc);
out:
	free(summary);
	free(feedback);
}
