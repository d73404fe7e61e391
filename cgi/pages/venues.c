/*
 * Venues and their hall plans, the organiser's side: the list and the
 * create form, one venue's page (details, plan preview, generator, CSV
 * import and export), single seats, and GET /api/venues/.
 *
 * An organiser sees the venues they own (venues.owner_id), an admin every
 * venue; anyone else's answers 404, never 403, so ids reveal nothing.
 * The plan logic itself (generator, CSV, SVG) is hallplan.c, which knows
 * nothing of the database; domain/venue_plans.c loads, checks and stores;
 * this file reads the forms and shows the answers.
 *
 * A plan whose seats ever had a ticket is frozen (venue_plans.c says why).
 * The page says so and suggests a new venue for a new layout.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "core/forms.h"
#include "db/db.h"
#include "domain/audit.h"
#include "domain/venue_plans.h"
#include "lib/app.h"
#include "lib/hallplan.h"
#include "lib/parse.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

#define VENUE_NAME_MAX		200
#define VENUE_ADDRESS_MAX	300
#define VENUE_CAPACITY_MAX	1000000
#define VENUE_PRICE_MAX		((int64_t)100000000 * 100)	/* 100 million tenge an hour */
#define CSV_BYTES_MAX		(1024 * 1024)

/* Venue types: the stored value and its string under Lang.Venue.Kind. */
static const struct {
	const char *value, *key;
} venue_kinds[] = {
	{ "hall", "hall" }, { "theatre", "theatre" }, { "club", "club" },
	{ "stadium", "stadium" }, { "open-air", "open_air" }, { "other", "other" },
};
#define NKINDS (sizeof(venue_kinds) / sizeof(venue_kinds[0]))

static const char *const venue_fields[] = {
	"name", "name_en", "name_ru", "name_kk", "kind", "address", "capacity", "price", "status",
	"seated", NULL
};

/* The generator's form fields: per section, then the options. */
static const char *const gen_fields[HP_GEN_SECTIONS][5] = {
	{ "s0_name", "s0_rows", "s0_seats", "s0_category", "s0_ranges" },
	{ "s1_name", "s1_rows", "s1_seats", "s1_category", "s1_ranges" },
	{ "s2_name", "s2_rows", "s2_seats", "s2_category", "s2_ranges" },
	{ "s3_name", "s3_rows", "s3_seats", "s3_category", "s3_ranges" },
	{ "s4_name", "s4_rows", "s4_seats", "s4_category", "s4_ranges" },
	{ "s5_name", "s5_rows", "s5_seats", "s5_category", "s5_ranges" },
	{ "s6_name", "s6_rows", "s6_seats", "s6_category", "s6_ranges" },
	{ "s7_name", "s7_rows", "s7_seats", "s7_category", "s7_ranges" },
};
static const char *const gen_options[] = { "curve", "aisle", "labels", NULL };

static const char *const seat_fields[] = {
	"section_id", "row", "seat", "category", "x", "y", NULL
};

/* ---- small helpers ----------------------------------------------------- */

/*
 * ferr_answer, then our own wording where Lang.Venue.Err has the code (the
 * shared ones, such as required or too_long, stay in Lang.Err).
 */
static void
venue_ferr(struct req *r, const struct ferrs *e, enum tpl tpl)
{
	char		 key[80], hkey[80];
	const char	*msg;
	size_t		 i;

	ferr_answer(r, e, tpl);
	for (i = 0; i < e->n; i++) {
		snprintf(key, sizeof(key), "Lang.Venue.Err.%s", e->v[i].code);
		if ((msg = site_str(r->app, r->lang, key)) == NULL)
			continue;
		snprintf(hkey, sizeof(hkey), "Errors.%s", e->v[i].field);
		hdf_put(r->hdf, hkey, msg);
	}
}

/* A page-level message from Lang.Venue.Err under Errors.<where>. */
static void
venue_msg(struct req *r, const char *where, const char *code)
{
	char	 key[80], hkey[80];

	snprintf(key, sizeof(key), "Lang.Venue.Err.%s", code);
	snprintf(hkey, sizeof(hkey), "Errors.%s", where);
	hdf_put(r->hdf, hkey, req_lang_str(r, key));
}

static const char *
kind_key(const char *value)
{
	size_t	 i;

	for (i = 0; value != NULL && i < NKINDS; i++)
		if (strcmp(venue_kinds[i].value, value) == 0)
			return venue_kinds[i].key;
	return NULL;
}

/* Tenge for a form field: "4000" or "4000.50", never grouped. */
static void
tenge_text(int64_t minor, char *buf, size_t len)
{
	if (minor % 100 == 0)
		snprintf(buf, len, "%lld", (long long)(minor / 100));
	else
		snprintf(buf, len, "%lld.%02lld", (long long)(minor / 100),
		    (long long)(minor % 100));
}

/* What every venue page shares: the organiser area's navigation and the kinds. */
static void
venue_common(struct req *r)
{
	char	 key[64];
	size_t	 i;

	hdf_put(r->hdf, "Page.Sub", "venues");
	for (i = 0; i < NKINDS; i++) {
		char lkey[64];

		snprintf(key, sizeof(key), "Kinds.%zu.Value", i);
		hdf_put(r->hdf, key, venue_kinds[i].value);
		snprintf(key, sizeof(key), "Kinds.%zu.Label", i);
		snprintf(lkey, sizeof(lkey), "Lang.Venue.Kind.%s", venue_kinds[i].key);
		hdf_put(r->hdf, key, req_lang_str(r, lkey));
	}
}

static int
venue_owned(const struct req *r, const struct dbres *v, size_t row)
{
	return r->user.role == ROLE_ADMIN || dbres_int(v, row, "owner_id") == r->user.id;
}

/* One venue row into HDF under `prefix` (Venue, Venues.N). */
static void
venue_to_hdf(struct req *r, const struct dbres *v, size_t row, const char *prefix)
{
	HDF		*n;
	char		 buf[64], lkey[64];
	const char	*k;

	if (hdf_get_node(r->hdf, prefix, &n) != STATUS_OK)
		return;
	hdf_put(n, "Id", dbres_get(v, row, "id"));
	hdf_put(n, "Name", dbres_get(v, row, "name"));
	hdf_put(n, "Kind", dbres_get(v, row, "kind"));
	if ((k = kind_key(dbres_get(v, row, "kind"))) != NULL) {
		snprintf(lkey, sizeof(lkey), "Lang.Venue.Kind.%s", k);
		hdf_put(n, "KindLabel", req_lang_str(r, lkey));
	} else
		hdf_put(n, "KindLabel", dbres_get(v, row, "kind"));
	hdf_put(n, "Address", dbres_get(v, row, "address"));
	hdf_put(n, "Capacity", dbres_get(v, row, "capacity"));
	hdf_put(n, "Seated", dbres_get(v, row, "seated"));
	hdf_put(n, "Status", dbres_get(v, row, "status"));
	hdf_put(n, "Seats", dbres_get(v, row, "seats"));
	format_money(dbres_int(v, row, "price_per_hour"), buf, sizeof(buf));
	hdf_put(n, "Price", buf);
	if (dbres_get(v, row, "owner_email") != NULL)
		hdf_put(n, "OwnerEmail", dbres_get(v, row, "owner_email"));
	/* the city's directory: the owner and admins edit, everyone else reads */
	hdf_put(n, "Owned", venue_owned(r, v, row) ? "1" : "0");
}

/*
 * Bookings.N: the venue's calendar from yesterday on.  A booking is
 * named once its event is published, or for whoever may manage it.
 */
static void
bookings_to_hdf(struct req *r, int64_t id)
{
	struct dbres	*b = NULL;
	char		 key[48], buf[64];
	size_t		 i;
	time_t		 t;

	if (venue_bookings(r->app->db, id, &b) != DOM_OK)
		return;
	for (i = 0; i < b->nrows; i++) {
		HDF *n;

		snprintf(key, sizeof(key), "Bookings.%zu", i);
		if (hdf_get_node(r->hdf, key, &n) != STATUS_OK)
			break;
		t = db_time_parse(dbres_get(b, i, "starts_at"));
		format_local(t, buf, sizeof(buf), "%d.%m.%Y %H:%M");
		hdf_put(n, "Starts", buf);
		{
			time_t	 end = t + dbres_int(b, i, "duration_minutes") * 60;
			char	 d0[16], d1[16];

			/* the end's date only when it is another day */
			format_local(t, d0, sizeof(d0), "%d.%m.%Y");
			format_local(end, d1, sizeof(d1), "%d.%m.%Y");
			format_local(end, buf, sizeof(buf), strcmp(d0, d1) == 0 ? "%H:%M" :
			    "%d.%m.%Y %H:%M");
			hdf_put(n, "Ends", buf);
		}
		hdf_put(n, "Status", dbres_get(b, i, "status"));
		if (strcmp(dbres_get(b, i, "status"), "published") == 0 ||
		    r->user.role == ROLE_ADMIN || dbres_int(b, i, "organiser_id") == r->user.id)
			hdf_put(n, "Name", dbres_get(b, i, "name"));
		if (strcmp(dbres_get(b, i, "status"), "published") == 0) {
			snprintf(buf, sizeof(buf), "%lld", (long long)dbres_int(b, i, "id"));
			hdf_put(n, "EventId", buf);
		}
	}
	dbres_free(b);
}

/* ---- the audit log ------------------------------------------------------ */

static void
audit_venue(struct req *r, int64_t id, const char *action, const char *field,
    const char *before, const char *after)
{
	(void)audit_note(r->app->db, r->user.id, 0, id, action, 0, field, before, after);
}

/* One entry per detail the form changed, before -> after. */
static void
audit_venue_edit(struct req *r, const struct dbres *v, const struct venue_details *f)
{
	int64_t	 id = dbres_int(v, 0, "id");
	char	 b[32], a[32];

	if (strcmp(dbres_get(v, 0, "name"), f->name) != 0)
		audit_venue(r, id, "venue_update", "name", dbres_get(v, 0, "name"), f->name);
	if (strcmp(dbres_get(v, 0, "address"), f->address) != 0)
		audit_venue(r, id, "venue_update", "address", dbres_get(v, 0, "address"),
		    f->address);
	if (strcmp(dbres_get(v, 0, "kind"), f->kind) != 0)
		audit_venue(r, id, "venue_update", "kind", dbres_get(v, 0, "kind"), f->kind);
	if (strcmp(dbres_get(v, 0, "status"), f->status) != 0)
		audit_venue(r, id, "venue_update", "status", dbres_get(v, 0, "status"), f->status);
	if (dbres_int(v, 0, "price_per_hour") != f->price) {
		format_money(dbres_int(v, 0, "price_per_hour"), b, sizeof(b));
		format_money(f->price, a, sizeof(a));
		audit_venue(r, id, "venue_update", "rent_per_hour", b, a);
	}
	if (!f->seated && dbres_int(v, 0, "capacity") != f->capacity) {
		snprintf(a, sizeof(a), "%lld", (long long)f->capacity);
		audit_venue(r, id, "venue_update", "capacity", dbres_get(v, 0, "capacity"), a);
	}
}

/*
 * After "Generate": the form as sent is kept with the venue, so the page
 * shows every field again (ranges, curve, aisles …), not a guess from the
 * plan.  Losing it only loses the convenience: logged, never refused.
 */
static void
gen_keep(struct req *r, int64_t id, const char *const *names)
{
	json_t		*o = json_object();
	const char	*v;
	char		*text;
	size_t		 i;

	for (i = 0; names[i] != NULL; i++)
		if ((v = req_form(r, names[i])) != NULL && *v != '\0' &&
		    utf8_valid(v, strlen(v)))
			json_object_set_new(o, names[i], json_string(v));
	if ((text = json_dumps(o, JSON_COMPACT)) != NULL &&
	    venue_gen_form_set(r->app->db, id, text) != DOM_OK)
		klog("venue %lld: the generator's form was not kept", (long long)id);
	free(text);
	json_decref(o);
}

/* Form.* from the kept generator form; 1 when there was one. */
static int
gen_restore(struct req *r, int64_t id)
{
	json_t		*o;
	const char	*k;
	json_t		*v;
	char		*text = NULL, key[64];

	if (venue_gen_form_get(r->app->db, id, &text) != DOM_OK || text == NULL)
		return 0;
	o = json_loads(text, 0, NULL);
	free(text);
	if (!json_is_object(o)) {
		json_decref(o);
		return 0;
	}
	json_object_foreach(o, k, v) {
		if (!json_is_string(v) || strlen(k) > 40)
			continue;
		snprintf(key, sizeof(key), "Form.%s", k);
		hdf_put(r->hdf, key, json_string_value(v));
	}
	json_decref(o);
	return hdf_get_value(r->hdf, "Form.labels", NULL) != NULL;
}

/* ---- loading ----------------------------------------------------------- */

/* The venue if the user's, or answers (404, 409, 503) and returns NULL. */
struct dbres *
venue_load(struct req *r, int64_t id, int lock)
{
	struct dbres	*v;
	enum dom_rc	 rc;

	if ((rc = venue_get(r->app->db, &r->user, id, lock, &v)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return NULL;
	}
	return v;
}

/* Errors.<where> saying why the plan cannot change, with the numbers. */
static void
plan_locked_msg(struct req *r, const char *where, int64_t total, int64_t live)
{
	char	*msg;

	if (live > 0)
		msg = req_lang_fill_int(r, "Lang.Venue.Err.plan_live", "n", (long long)live);
	else
		msg = req_lang_fill_int(r, "Lang.Venue.Err.plan_history", "n", (long long)total);
	hdf_put(r->hdf, where, msg);
	free(msg);
}

/* Errors.<where>: seats are in carts, so the plan cannot change just now. */
static void
plan_held_msg(struct req *r, const char *where, int64_t held)
{
	char *msg = req_lang_fill_int(r, "Lang.Venue.Err.plan_held", "n", (long long)held);

	hdf_put(r->hdf, where, msg);
	free(msg);
}

/* ---- the venue page ---------------------------------------------------- */

/* Generator defaults: the current plan's shape, or one parterre of 10 x 20. */
static void
gen_defaults(struct req *r, const struct hallplan *p)
{
	char	 key[64], buf[32];
	size_t	 i, j;

	if (hdf_get_value(r->hdf, "Form.labels", NULL) != NULL)
		return;		/* the generator was just sent: keep what was typed */
	hdf_put(r->hdf, "Form.curve", "0");
	hdf_put(r->hdf, "Form.aisle", "0");
	/* rows A, B, ... were most likely made with letters */
	hdf_put(r->hdf, "Form.labels", p->nseats > 0 && p->seats[0].row[0] >= 'A' &&
	    p->seats[0].row[0] <= 'Z' ? "letters" : "numbers");
	if (p->nseats == 0) {
		hdf_put(r->hdf, "Form.s0_name", req_lang_str(r, "Lang.Venue.default_section"));
		hdf_put(r->hdf, "Form.s0_rows", "10");
		hdf_put(r->hdf, "Form.s0_seats", "20");
		hdf_put(r->hdf, "Form.s0_category", "A");
		return;
	}
	for (i = 0; i < p->nsections && i < HP_GEN_SECTIONS; i++) {
		int		 rows = 0, most = 0, in_row = 0;
		const char	*last = NULL, *cat = NULL;

		for (j = 0; j < p->nseats; j++) {
			const struct hp_seat *s = &p->seats[j];

			if (s->section != i)
				continue;
			if (cat == NULL)
				cat = s->category;
			if (last == NULL || strcmp(last, s->row) != 0) {
				rows++;
				in_row = 0;
				last = s->row;
			}
			if (++in_row > most)
				most = in_row;
		}
		if (rows == 0)
			continue;
		snprintf(key, sizeof(key), "Form.%s", gen_fields[i][0]);
		hdf_put(r->hdf, key, p->sections[i].name);
		snprintf(key, sizeof(key), "Form.%s", gen_fields[i][1]);
		snprintf(buf, sizeof(buf), "%d", rows > HP_MAX_ROWS ? HP_MAX_ROWS : rows);
		hdf_put(r->hdf, key, buf);
		snprintf(key, sizeof(key), "Form.%s", gen_fields[i][2]);
		snprintf(buf, sizeof(buf), "%d", most > HP_MAX_PER_ROW ? HP_MAX_PER_ROW : most);
		hdf_put(r->hdf, key, buf);
		snprintf(key, sizeof(key), "Form.%s", gen_fields[i][3]);
		hdf_put(r->hdf, key, cat);
	}
}

/*
 * Plan.*: counts, sections, the legend and the drawing.  The SVG is built
 * and escaped by hp_svg in C; the template prints it with uvar:, the one
 * place here where that is right, because every byte of it is markup we
 * made or plan text hp_svg escaped itself.
 */
static void
plan_to_hdf(struct req *r, int64_t id, const struct hallplan *p, int64_t current)
{
	const char		*cats[64];
	size_t			 counts[64], ncat, i;
	char			 key[64], *title, *link, *svg;
	struct hp_svg_opts	 o;

	hdf_put_int(r->hdf, "Plan.Seats", (int)p->nseats);
	hdf_put_int(r->hdf, "Plan.SectionCount", (int)p->nsections);
	for (i = 0; i < p->nsections; i++) {
		snprintf(key, sizeof(key), "Plan.Sections.%zu", i);
		hdf_put(r->hdf, key, p->sections[i].name);
	}
	ncat = hp_categories(p, cats, counts, sizeof(cats) / sizeof(cats[0]));
	for (i = 0; i < ncat && i < sizeof(cats) / sizeof(cats[0]); i++) {
		snprintf(key, sizeof(key), "Plan.Categories.%zu.Name", i);
		hdf_put(r->hdf, key, cats[i]);
		snprintf(key, sizeof(key), "Plan.Categories.%zu.Count", i);
		hdf_put_int(r->hdf, key, (int)counts[i]);
		/* from our palette, never from data */
		snprintf(key, sizeof(key), "Plan.Categories.%zu.Fill", i);
		hdf_put(r->hdf, key, hp_palette[i % HP_PALETTE].fill);
	}
	if (p->nseats == 0)
		return;
	title = req_lang_fill_int(r, "Lang.Venue.plan_title", "n", (long long)p->nseats);
	link = xasprintf("/organiser/venues/%lld/seats/", (long long)id);
	o.title = title;
	o.stage = req_lang_str(r, "Lang.Venue.stage");
	o.row = req_lang_str(r, "Lang.Venue.row");
	o.seat = req_lang_str(r, "Lang.Venue.seat");
	o.link = link;
	o.current = current;
	if ((svg = hp_svg(p, &o)) != NULL)
		hdf_put(r->hdf, "Plan.Svg", svg);
	free(svg);
	free(title);
	free(link);
}

/*
 * Fills the venue page from its row: details (and their form unless one
 * was just sent), the plan and the generator.  Answers 503 itself.
 */
/*
 * The name's translations as given (VENUE_COLS' name_en …), the page
 * language's in the main field; a venue with none shows its one name.
 */
static void
venue_tr_to_form(struct req *r, const struct dbres *v)
{
	const char	*t;
	char		 key[24];
	size_t		 i, any = 0;

	for (i = 0; i < LANG__MAX; i++)
		any |= dbres_get(v, 0, tr_name_keys[i]) != NULL;
	for (i = 0; any && i < LANG__MAX; i++) {
		t = dbres_get(v, 0, tr_name_keys[i]);
		if (i == (size_t)r->lang)
			snprintf(key, sizeof(key), "Form.name");
		else
			snprintf(key, sizeof(key), "Form.%s", tr_name_keys[i]);
		hdf_put(r->hdf, key, t != NULL ? t : "");
	}
}

/*
 * SectionNames.N: each section's id, plan name and translations as given;
 * CategoryNames.N: each price category's code and names as given.
 */
static void
section_names_to_hdf(struct req *r, int64_t id)
{
	struct dbres	*secs = NULL;
	char		 key[48];
	size_t		 i, k;
	HDF		*n;

	if (venue_sections(r->app->db, id, &secs) != DOM_OK)
		return;
	for (i = 0; i < secs->nrows; i++) {
		snprintf(key, sizeof(key), "SectionNames.%zu", i);
		if (hdf_get_node(r->hdf, key, &n) != STATUS_OK)
			continue;
		hdf_put(n, "Id", dbres_get(secs, i, "id"));
		hdf_put(n, "Name", dbres_get(secs, i, "name"));
		for (k = 0; k < LANG__MAX; k++)
			if (dbres_get(secs, i, tr_name_keys[k]) != NULL)
				hdf_put(n, lang_codes[k], dbres_get(secs, i, tr_name_keys[k]));
	}
	dbres_free(secs);
	secs = NULL;
	if (venue_category_names(r->app->db, id, &secs) != DOM_OK)
		return;
	for (i = 0; i < secs->nrows; i++) {
		snprintf(key, sizeof(key), "CategoryNames.%zu", i);
		if (hdf_get_node(r->hdf, key, &n) != STATUS_OK)
			continue;
		hdf_put(n, "Code", dbres_get(secs, i, "category"));
		for (k = 0; k < LANG__MAX; k++)
			if (dbres_get(secs, i, tr_name_keys[k]) != NULL)
				hdf_put(n, lang_codes[k], dbres_get(secs, i, tr_name_keys[k]));
	}
	dbres_free(secs);
}

static void
venue_page(struct req *r, const struct dbres *v)
{
	struct hallplan	 p;
	int64_t		 id = dbres_int(v, 0, "id"), total = 0, live = 0;
	char		 buf[32];
	enum dom_rc	 rc;

	venue_common(r);
	venue_to_hdf(r, v, 0, "Venue");
	if (hdf_get_value(r->hdf, "Form.name", NULL) == NULL) {
		hdf_put(r->hdf, "Form.name", dbres_get(v, 0, "name"));
		venue_tr_to_form(r, v);
		hdf_put(r->hdf, "Form.kind", dbres_get(v, 0, "kind"));
		hdf_put(r->hdf, "Form.address", dbres_get(v, 0, "address"));
		hdf_put(r->hdf, "Form.capacity", dbres_get(v, 0, "capacity"));
		hdf_put(r->hdf, "Form.status", dbres_get(v, 0, "status"));
		hdf_put(r->hdf, "Form.seated", dbres_get(v, 0, "seated"));
		tenge_text(dbres_int(v, 0, "price_per_hour"), buf, sizeof(buf));
		hdf_put(r->hdf, "Form.price", buf);
	}
	if ((rc = venue_plan_load(r->app->db, id, &p)) == DOM_OK)
		rc = venue_plan_tickets(r->app->db, id, &total, &live);
	if (rc != DOM_OK) {
		hp_free(&p);
		req_fail(r, rc, NULL);
		return;
	}
	plan_to_hdf(r, id, &p, 0);
	section_names_to_hdf(r, id);
	if (hdf_get_value(r->hdf, "Form.labels", NULL) == NULL)
		(void)gen_restore(r, id);
	gen_defaults(r, &p);
	if (total > 0) {
		hdf_put_int(r->hdf, "Plan.Locked", 1);
		plan_locked_msg(r, "Plan.LockedText", total, live);
	}
	hp_free(&p);
	bookings_to_hdf(r, id);
	hdf_put(r->hdf, "Page.Title", dbres_get(v, 0, "name"));
	r->tpl = TPL_VENUE;
}

/*
 * Shows venue `id`'s page again with a message under Errors.<where> and
 * `status`, after a refused change (the transaction is already over).
 */
static void
venue_refuse(struct req *r, int64_t id, int status, const char *where, const char *code)
{
	struct dbres *v;

	if ((v = venue_load(r, id, 0)) == NULL)
		return;
	if (code != NULL)
		venue_msg(r, where, code);
	venue_page(r, v);
	dbres_free(v);
	if (r->tpl == TPL_VENUE)
		r->status = status;
}

/* ---- list and create --------------------------------------------------- */

static int
venues_list(struct req *r)
{
	struct dbres	*res = NULL;
	char		 key[32];
	size_t		 i;
	enum dom_rc	 rc;

	if ((rc = venue_list(r->app->db, &r->user, &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return -1;
	}
	for (i = 0; i < res->nrows; i++) {
		snprintf(key, sizeof(key), "Venues.%zu", i);
		venue_to_hdf(r, res, i, key);
	}
	dbres_free(res);
	if (r->user.role == ROLE_ADMIN)
		hdf_put_int(r->hdf, "ShowOwner", 1);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Venue.list_heading"));
	r->tpl = TPL_VENUES;
	return 0;
}

void
h_venues(struct req *r)
{
	venue_common(r);
	if (venues_list(r) != 0)
		return;
	hdf_put(r->hdf, "Form.kind", "theatre");
	hdf_put(r->hdf, "Form.status", "active");
	hdf_put(r->hdf, "Form.seated", "1");
	hdf_put(r->hdf, "Form.price", "0");
}

static void
venue_form_free(struct venue_details *f)
{
	size_t	 i;

	for (i = 0; i < 3; i++)
		free(f->name_tr[i]);
	free(f->name);
	free(f->address);
}

/*
 * Checks the details form.  The capacity of a seated venue is its seat
 * count, so the field is only read for general admission.
 */
static void
venue_validate(struct req *r, struct ferrs *e, struct venue_details *f)
{
	const char	*v;
	char		*copy;
	size_t		 i;

	memset(f, 0, sizeof(*f));
	f->name = valid_text_tr(r, e, "name", tr_name_keys, VENUE_NAME_MAX, 0, 1, f->name_tr);
	f->address = valid_text(r, e, "address", VENUE_ADDRESS_MAX, 1);
	v = req_field(r, "kind");
	for (i = 0; i < NKINDS; i++)
		if (v != NULL && strcmp(v, venue_kinds[i].value) == 0)
			f->kind = venue_kinds[i].value;
	if (f->kind == NULL)
		ferr_add(e, "kind", "kind_invalid");
	v = req_field(r, "status");
	if (v != NULL && strcmp(v, "active") == 0)
		f->status = "active";
	else if (v != NULL && strcmp(v, "inactive") == 0)
		f->status = "inactive";
	else
		ferr_add(e, "status", "status_invalid");
	/* a checkbox: absent is "no" */
	v = req_field(r, "seated");
	if (v == NULL || strcmp(v, "0") == 0)
		f->seated = 0;
	else if (strcmp(v, "1") == 0)
		f->seated = 1;
	else
		ferr_add(e, "seated", "seated_invalid");
	v = req_field(r, "capacity");
	if (!f->seated) {
		copy = xstrdup(v != NULL ? v : "");
		if (*str_trim(copy) == '\0')
			ferr_add(e, "capacity", "required");
		else if (parse_int64(str_trim(copy), 1, VENUE_CAPACITY_MAX, &f->capacity) != 0)
			ferr_add(e, "capacity", "capacity_invalid");
		free(copy);
	}
	v = req_field(r, "price");
	if (v == NULL || *v == '\0')
		f->price = 0;
	else if (!utf8_valid(v, strlen(v)) || parse_money(v, &f->price) != 0 ||
	    f->price > VENUE_PRICE_MAX)
		ferr_add(e, "price", "price_invalid");
}

void
h_venue_create(struct req *r)
{
	struct ferrs		 e = { 0 };
	struct venue_details	 f;
	int64_t			 id = 0;
	enum dom_rc		 rc;
	char			*loc;

	venue_common(r);
	form_keep(r, venue_fields);
	venue_validate(r, &e, &f);
	if (e.n > 0) {
		if (venues_list(r) == 0)
			venue_ferr(r, &e, TPL_VENUES);
		venue_form_free(&f);
		return;
	}
	rc = venue_create(r->app->db, r->user.id, &f, &id);
	if (rc == DOM_OK)
		audit_venue(r, id, "venue_create", "name", NULL, f.name);
	venue_form_free(&f);
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	req_flash(r, "venue_created");
	loc = xasprintf("/organiser/venues/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/* ---- one venue --------------------------------------------------------- */

/* Any active venue of the city: its owner (or an admin) gets the editor, others read it. */
void
h_venue(struct req *r)
{
	struct dbres	*v;
	enum dom_rc	 rc;
	int		 owned;

	if ((rc = venue_view(r->app->db, &r->user, req_param_id(r, 0), &v, &owned)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	venue_page(r, v);
	dbres_free(v);
}

void
h_venue_update(struct req *r)
{
	struct ferrs		 e = { 0 };
	struct venue_details	 f;
	struct dbres		*v;
	int64_t			 id = req_param_id(r, 0);
	enum dom_rc		 rc;
	char			*loc;

	if ((v = venue_load(r, id, 0)) == NULL)
		return;
	form_keep(r, venue_fields);
	venue_validate(r, &e, &f);
	if (e.n > 0) {
		venue_page(r, v);
		if (r->tpl == TPL_VENUE)
			venue_ferr(r, &e, TPL_VENUE);
		dbres_free(v);
		venue_form_free(&f);
		return;
	}
	rc = venue_update(r->app->db, id, &f);
	if (rc == DOM_OK)
		audit_venue_edit(r, v, &f);
	dbres_free(v);
	venue_form_free(&f);
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	req_flash(r, "venue_saved");
	loc = xasprintf("/organiser/venues/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/*
 * The price categories' names from c<N>_code (the code, as the page listed
 * it) and c<N>_en, _ru, _kk; a code the venue's seats do not have is
 * skipped (the plan changed meanwhile).  The fallback is the page
 * language's name or the first given.  DOM_INVALID with e filled when a
 * name is not text or too long.
 */
static enum dom_rc
category_names_save(struct req *r, int64_t id, struct ferrs *e)
{
	struct dbres	*cats = NULL;
	char		 key[24], *names[LANG__MAX];
	/*
	 * the field names an error keeps until the caller renders it; the loop
	 * stops at the first category with one, so one row is enough
	 */
	static char	 keys[LANG__MAX][16];
	const char	*code, *base;
	size_t		 i, j, k;
	enum dom_rc	 rc;

	if ((rc = venue_category_names(r->app->db, id, &cats)) != DOM_OK)
		return rc;
	for (i = 0; rc == DOM_OK && i < 64; i++) {
		snprintf(key, sizeof(key), "c%zu_code", i);
		if ((code = req_field(r, key)) == NULL)
			break;
		for (j = 0; j < cats->nrows; j++)
			if (strcmp(dbres_get(cats, j, "category"), code) == 0)
				break;
		for (k = 0; k < LANG__MAX; k++) {
			snprintf(keys[k], sizeof(keys[k]), "c%zu_%s", i, lang_codes[k]);
			names[k] = valid_text(r, e, keys[k], 60, 0);
		}
		base = names[r->lang];
		for (k = 0; base == NULL && k < LANG__MAX; k++)
			base = names[k];
		if (e->n > 0)
			rc = DOM_INVALID;
		else if (j < cats->nrows)
			rc = venue_category_name_set(r->app->db, id, code, base, names);
		for (k = 0; k < LANG__MAX; k++)
			free(names[k]);
	}
	dbres_free(cats);
	return rc;
}

/*
 * POST /organiser/venues/{id}/sections: each section's name in en, ru and
 * kk (fields s<ID>_<lang>; empty: none, the plan's own name shows).  Names
 * are only labels (seats keep their ids), so this is allowed on a plan with
 * tickets too.  422 with the page again when one is not text or too long.
 */
void
h_venue_sections(struct req *r)
{
	struct dbres	*v, *secs = NULL;
	struct ferrs	 e = { 0 };
	int64_t		 id = req_param_id(r, 0), *ids = NULL;
	char		*(*names)[3] = NULL, (*keys)[3][32] = NULL, *loc;
	size_t		 i, k, n = 0;
	enum dom_rc	 rc;

	if ((v = venue_load(r, id, 0)) == NULL)
		return;
	if ((rc = venue_sections(r->app->db, id, &secs)) != DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	n = secs->nrows;
	ids = calloc(n ? n : 1, sizeof(*ids));
	names = calloc(n ? n : 1, sizeof(*names));
	keys = calloc(n ? n : 1, sizeof(*keys));
	if (ids == NULL || names == NULL || keys == NULL)
		abort();
	for (i = 0; i < n; i++) {
		ids[i] = dbres_int(secs, i, "id");
		for (k = 0; k < LANG__MAX; k++) {
			snprintf(keys[i][k], sizeof(keys[i][k]), "s%lld_%s", (long long)ids[i],
			    lang_codes[k]);
			names[i][k] = valid_text(r, &e, keys[i][k], 100, 0);
		}
	}
	if (e.n > 0) {
		/* the first bad field's message over the form (keys[] outlives it) */
		venue_page(r, v);
		if (r->tpl == TPL_VENUE)
			venue_ferr(r, &e, TPL_VENUE);
		goto out;
	}
	if ((rc = venue_section_names(r->app->db, id, n, ids, names)) != DOM_OK ||
	    (rc = category_names_save(r, id, &e)) != DOM_OK) {
		if (rc == DOM_INVALID && e.n > 0) {
			venue_page(r, v);
			if (r->tpl == TPL_VENUE)
				venue_ferr(r, &e, TPL_VENUE);
		} else
			req_fail(r, rc, NULL);
		goto out;
	}
	audit_venue(r, id, "venue_update", "section_names", NULL, NULL);
	req_flash(r, "venue_saved");
	loc = xasprintf("/organiser/venues/%lld#section-names", (long long)id);
	req_redirect(r, loc);
	free(loc);
out:
	for (i = 0; names != NULL && i < n; i++)
		for (k = 0; k < LANG__MAX; k++)
			free(names[i][k]);
	free(names);
	free(keys);
	free(ids);
	dbres_free(secs);
	dbres_free(v);
}

/* ---- replacing the plan ------------------------------------------------ */

/* The venue page again after a plan with names the collation takes for equal. */
static void
plan_duplicate(struct req *r, int64_t id, const char *hkey, const char *where, size_t line)
{
	char	*msg, *pre, num[32];

	snprintf(num, sizeof(num), "%zu", line);
	pre = req_lang_fill(r, "Lang.Venue.Csv.line", "line", num);
	msg = line > 0 ? xasprintf("%s %s", pre, req_lang_str(r, "Lang.Venue.Csv.duplicate_db")) :
	    xstrdup(req_lang_str(r, "Lang.Venue.Csv.duplicate_db"));
	venue_refuse(r, id, 422, where, NULL);
	if (r->tpl == TPL_VENUE)
		hdf_put(r->hdf, hkey, msg);
	free(pre);
	free(msg);
}

/*
 * Replaces venue `id`'s plan with `p` (domain/venue_plans.c).  Refused
 * with the venue page and 409 when the venue is not seated, tickets were
 * issued for its seats or some are held in buyers' carts.  `where` names
 * the Errors key for messages.  Returns 0 when the plan was stored, -1
 * when it answered.
 */
static int
plan_replace(struct req *r, int64_t id, const struct hallplan *p, const char *where)
{
	struct plan_refusal	 why;
	enum dom_rc		 rc;
	char			 hkey[64];
	int			 not_seated;

	snprintf(hkey, sizeof(hkey), "Errors.%s", where);
	if ((rc = venue_plan_replace(r->app->db, &r->user, id, p, &why)) == DOM_OK) {
		char n[32];

		/* an imported plan was not made by the generator: its old form goes */
		if (strcmp(where, "gen") != 0 &&
		    venue_gen_form_set(r->app->db, id, NULL) != DOM_OK)
			klog("venue %lld: the generator's form was not cleared", (long long)id);

		snprintf(n, sizeof(n), "%zu", p->nseats);
		audit_venue(r, id, "plan_replace", where, NULL, n);
		return 0;
	}
	if (rc == DOM_INVALID) {
		plan_duplicate(r, id, hkey, where, why.line);
		return -1;
	}
	if (why.reason == NULL) {
		req_fail(r, rc, NULL);
		return -1;
	}
	/* the generator and import forms are not on a general admission venue's page */
	not_seated = strcmp(why.reason, "not_seated") == 0;
	venue_refuse(r, id, 409, not_seated ? "form" : where, not_seated ? why.reason : NULL);
	if (r->tpl == TPL_VENUE && strcmp(why.reason, "locked") == 0)
		plan_locked_msg(r, hkey, why.total, why.live);
	else if (r->tpl == TPL_VENUE && strcmp(why.reason, "held") == 0)
		plan_held_msg(r, hkey, why.held);
	return -1;
}

static void
redirect_plan(struct req *r, int64_t id, const char *flash)
{
	char *loc = xasprintf("/organiser/venues/%lld#plan", (long long)id);

	req_flash(r, flash);
	req_redirect(r, loc);
	free(loc);
}

/* A whole number field between min and max; empty gives def. */
static int
form_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t def, int64_t *out)
{
	const char	*v = req_field(r, name);
	char		*copy;
	int		 bad;

	if (v == NULL || *v == '\0') {
		*out = def;
		return def < min ? -1 : 0;
	}
	copy = xstrdup(v);
	bad = parse_int64(str_trim(copy), min, max, out);
	free(copy);
	return bad;
}

/*
 * The trimmed field into buf (len bytes, sized for what the field allows),
 * checked as hp_text_check does.  What does not fit is too long: never cut
 * (a cut could split a letter, and would store something not typed).
 */
static enum hp_field
form_text(struct req *r, const char *name, char *buf, size_t len, size_t maxchars,
    int category)
{
	const char	*v = req_field(r, name);
	char		*copy, *t;
	enum hp_field	 rc;
	size_t		 n;

	buf[0] = '\0';
	if (v == NULL)
		return HP_FIELD_EMPTY;
	copy = xstrdup(v);
	t = str_trim(copy);
	if ((n = strlen(t)) >= len)
		rc = utf8_valid(t, n) ? HP_FIELD_LONG : HP_FIELD_INVALID;
	else {
		memcpy(buf, t, n + 1);
		rc = maxchars > 0 ? hp_text_check(buf, maxchars, category) : HP_FIELD_OK;
	}
	free(copy);
	return rc;
}

/*
 * hp_text_check's answer as the field's error; `bad` for characters a
 * label may not have, `toolong` for one over its length.
 */
static void
text_err(struct ferrs *e, const char *field, enum hp_field rc, const char *bad,
    const char *toolong)
{
	switch (rc) {
	case HP_FIELD_OK:
		break;
	case HP_FIELD_EMPTY:
		ferr_add(e, field, "required");
		break;
	case HP_FIELD_LONG:
		ferr_add(e, field, toolong);
		break;
	default:
		ferr_add(e, field, bad);
	}
}

/*
 * Reads the generator form into g, field by field, adding each problem to
 * e.  A section whose fields are all empty is left out.
 */
static void
gen_read(struct req *r, struct ferrs *e, struct hp_gen *g)
{
	const char	*labels = req_field(r, "labels");
	int64_t		 n;
	size_t		 i, j;

	memset(g, 0, sizeof(*g));
	if (form_int(r, "curve", 0, 100, 0, &n) != 0)
		ferr_add(e, "curve", "curve");
	g->curve = (int)n;
	if (form_int(r, "aisle", 0, HP_MAX_PER_ROW, 0, &n) != 0)
		ferr_add(e, "aisle", "aisle");
	g->aisle_every = (int)n;
	if (labels != NULL && strcmp(labels, "letters") == 0)
		g->letters = 1;
	else if (labels != NULL && strcmp(labels, "numbers") != 0)
		ferr_add(e, "labels", "labels");
	for (i = 0; i < HP_GEN_SECTIONS; i++) {
		struct hp_gen_section	*s = &g->sections[g->nsections];
		const char *const	*f = gen_fields[i];
		char			 ranges[HP_RANGES_BYTES + 1];
		int			 empty = 1;
		enum hp_err		 he;
		enum hp_field		 hf;

		for (j = 0; j < 5; j++) {
			const char *v = req_field(r, f[j]);

			/* a category alone is the form's default, not a section */
			if (j != 3 && v != NULL && *v != '\0')
				empty = 0;
		}
		if (empty)
			continue;
		text_err(e, f[0], form_text(r, f[0], s->name, sizeof(s->name), HP_SECTION_CHARS, 0),
		    "text_invalid", "too_long");
		for (j = 0; j < g->nsections; j++)
			if (s->name[0] != '\0' && strcasecmp(g->sections[j].name, s->name) == 0)
				ferr_add(e, f[0], "section_dup");
		if (form_int(r, f[1], 1, HP_MAX_ROWS, 0, &n) != 0)
			ferr_add(e, f[1], "rows");
		s->rows = (int)n;
		if (form_int(r, f[2], 1, HP_MAX_PER_ROW, 0, &n) != 0)
			ferr_add(e, f[2], "per_row");
		s->per_row = (int)n;
		text_err(e, f[3], form_text(r, f[3], s->category, sizeof(s->category),
		    HP_CATEGORY_CHARS, 1), "category_invalid", "category_long");
		hf = form_text(r, f[4], ranges, sizeof(ranges), 0, 0);
		if (hf != HP_FIELD_OK && hf != HP_FIELD_EMPTY)
			he = HP_ERR_RANGES;	/* optional, but never cut */
		else
			he = hp_ranges_parse(ranges, s);
		if (he != HP_OK)
			ferr_add(e, f[4], he == HP_ERR_CATEGORY_INVALID ? "category_invalid" :
			    he == HP_ERR_CATEGORY_LONG ? "category_long" : "ranges");
		for (j = 0; he == HP_OK && j < s->nranges; j++)
			if (s->rows > 0 && s->ranges[j].to > s->rows)
				ferr_add(e, f[4], "ranges_rows");
		g->nsections++;
	}
}

void
h_venue_generate(struct req *r)
{
	static const char	*keep[HP_GEN_SECTIONS * 5 + 4];
	struct ferrs		 e = { 0 };
	struct hp_gen		*g;
	struct hallplan		 p;
	int64_t			 id = req_param_id(r, 0);
	enum hp_err		 he;
	size_t			 i;

	for (i = 0; i < HP_GEN_SECTIONS * 5; i++)
		keep[i] = gen_fields[i / 5][i % 5];
	for (i = 0; gen_options[i] != NULL; i++)
		keep[HP_GEN_SECTIONS * 5 + i] = gen_options[i];
	keep[HP_GEN_SECTIONS * 5 + i] = NULL;
	form_keep(r, keep);
	hdf_put_int(r->hdf, "Gen.Open", 1);

	if ((g = calloc(1, sizeof(*g))) == NULL)
		abort();
	hp_init(&p);
	gen_read(r, &e, g);
	if (e.n == 0 && g->nsections == 0)
		ferr_add(&e, "gen", "no_sections");
	if (e.n == 0 && (he = hp_generate(g, &p)) != HP_OK)
		ferr_add(&e, "gen", he == HP_ERR_TOO_MANY_SEATS ? "too_many_seats" : "gen_invalid");
	free(g);
	if (e.n > 0) {
		struct dbres *v;

		hp_free(&p);
		if ((v = venue_load(r, id, 0)) == NULL)
			return;
		venue_page(r, v);
		dbres_free(v);
		if (r->tpl == TPL_VENUE)
			venue_ferr(r, &e, TPL_VENUE);
		return;
	}
	if (plan_replace(r, id, &p, "gen") == 0) {
		gen_keep(r, id, keep);
		redirect_plan(r, id, "venue_plan_generated");
	}
	hp_free(&p);
}

/*
 * The CSV to import: the uploaded file (field csv_file) when one was
 * chosen, else the text field csv_text.  Caller frees; NULL with *status
 * set when there is neither or the file cannot be read.
 */
static char *
import_text(struct req *r, size_t *len, const char **code)
{
	const char	*fname = req_form(r, "csv_file"), *text = req_field(r, "csv_text");
	FILE		*fp;
	char		*buf;
	size_t		 n;

	*code = NULL;
	if (fname != NULL && *fname != '\0' && r->cgi != NULL &&
	    (fp = cgi_filehandle(r->cgi, "csv_file")) != NULL) {
		if ((buf = malloc(CSV_BYTES_MAX + 1)) == NULL)
			abort();
		rewind(fp);
		n = fread(buf, 1, CSV_BYTES_MAX + 1, fp);
		if (ferror(fp) || n > CSV_BYTES_MAX) {
			free(buf);
			*code = "csv_too_large";
			return NULL;
		}
		if (n > 0) {
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		free(buf);
	}
	if (text != NULL && *text != '\0') {
		*len = strlen(text);
		return xstrdup(text);
	}
	*code = "csv_missing";
	return NULL;
}

void
h_venue_import(struct req *r)
{
	static const char *const keep[] = { "csv_text", NULL };
	struct hallplan	 p;
	struct hp_error	 he;
	int64_t		 id = req_param_id(r, 0);
	const char	*code;
	char		*text, key[80];
	size_t		 len = 0;

	hp_init(&p);
	hdf_put_int(r->hdf, "Import.Open", 1);
	if ((text = import_text(r, &len, &code)) == NULL) {
		venue_refuse(r, id, 422, "import", code);
		return;
	}
	if (hp_csv_parse(text, len, &p, &he) != HP_OK) {
		char *msg, *pre = NULL, *what;

		snprintf(key, sizeof(key), "Lang.Venue.Csv.%s", hp_err_names[he.code]);
		what = req_lang_fill_int(r, key, "other", (long long)he.other_line);
		if (he.line > 0) {
			pre = req_lang_fill_int(r, "Lang.Venue.Csv.line", "line", (long long)he.line);
			msg = xasprintf("%s %s", pre, what);
		} else
			msg = xstrdup(what);
		free(text);
		/* keep the text for correcting; a file input cannot be refilled */
		form_keep(r, keep);
		venue_refuse(r, id, 422, "import", NULL);
		if (r->tpl == TPL_VENUE)
			hdf_put(r->hdf, "Errors.import", msg);
		free(msg);
		free(pre);
		free(what);
		return;
	}
	free(text);
	if (plan_replace(r, id, &p, "import") == 0)
		redirect_plan(r, id, "venue_plan_imported");
	else if (r->tpl == TPL_VENUE)
		form_keep(r, keep);
	hp_free(&p);
}

/* GET /organiser/venues/{id}/plan.csv: the plan to download. */
void
h_venue_plan_csv(struct req *r)
{
	struct dbres	*v;
	struct hallplan	 p;
	int64_t		 id = req_param_id(r, 0);
	enum dom_rc	 rc;
	char		 disp[96];

	if ((v = venue_load(r, id, 0)) == NULL)
		return;
	dbres_free(v);
	if ((rc = venue_plan_load(r->app->db, id, &p)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	r->raw = hp_csv_emit(&p, &r->rawlen);
	hp_free(&p);
	r->raw_type = "text/csv; charset=utf-8";
	snprintf(disp, sizeof(disp), "attachment; filename=\"venue-%lld-plan.csv\"",
	    (long long)id);
	req_header(r, "Content-Disposition", disp);
}

/* ---- single seats ------------------------------------------------------ */

/*
 * GET /organiser/venues/{id}/seats?section=&row=&seat=: the page of the
 * seat so named, for those who cannot click the drawing.
 */
void
h_venue_seat_find(struct req *r)
{
	static const char *const keep[] = { "find_section", "find_row", "find_seat", NULL };
	struct dbres	*v, *res = NULL;
	int64_t		 id = req_param_id(r, 0);
	const char	*sec = req_query(r, "find_section"), *row = req_query(r, "find_row"),
			*seat = req_query(r, "find_seat");
	enum dom_rc	 rc;
	char		*loc;

	if ((v = venue_load(r, id, 0)) == NULL)
		return;
	if (sec != NULL && row != NULL && seat != NULL &&
	    utf8_valid(sec, strlen(sec)) && utf8_valid(row, strlen(row)) &&
	    utf8_valid(seat, strlen(seat))) {
		char *rt = xstrdup(row), *st = xstrdup(seat);

		rc = venue_seat_find(r->app->db, id, sec, str_trim(rt), str_trim(st), &res);
		free(rt);
		free(st);
		if (rc != DOM_OK) {
			req_fail(r, rc, NULL);
			dbres_free(v);
			return;
		}
		if (res->nrows > 0) {
			loc = xasprintf("/organiser/venues/%lld/seats/%s", (long long)id,
			    dbres_get(res, 0, "id"));
			req_redirect(r, loc);
			free(loc);
			dbres_free(res);
			dbres_free(v);
			return;
		}
		dbres_free(res);
	}
	form_keep(r, keep);
	venue_msg(r, "find", "seat_not_found");
	venue_page(r, v);
	dbres_free(v);
	if (r->tpl == TPL_VENUE)
		r->status = 404;
}

/* Seat.* and, unless a form was just sent, Form.* from the seat's row. */
static int
seat_page(struct req *r, const struct dbres *v, const struct dbres *s)
{
	struct dbres	*secs = NULL;
	struct hallplan	 p;
	int64_t		 id = dbres_int(v, 0, "id"), total = 0, live = 0;
	char		 key[64], *title;
	size_t		 i;
	HDF		*n;
	enum dom_rc	 rc;

	venue_common(r);
	venue_to_hdf(r, v, 0, "Venue");
	if ((rc = venue_sections(r->app->db, id, &secs)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return -1;
	}
	for (i = 0; i < secs->nrows; i++) {
		snprintf(key, sizeof(key), "Sections.%zu", i);
		if (hdf_get_node(r->hdf, key, &n) != STATUS_OK)
			continue;
		hdf_put(n, "Id", dbres_get(secs, i, "id"));
		hdf_put(n, "Name", dbres_get(secs, i, "name"));
	}
	dbres_free(secs);
	hdf_put(r->hdf, "Seat.Id", dbres_get(s, 0, "id"));
	hdf_put(r->hdf, "Seat.Section", dbres_get(s, 0, "section"));
	hdf_put(r->hdf, "Seat.Row", dbres_get(s, 0, "row_label"));
	hdf_put(r->hdf, "Seat.Seat", dbres_get(s, 0, "seat_label"));
	hdf_put(r->hdf, "Seat.Category", dbres_get(s, 0, "category"));
	if (hdf_get_value(r->hdf, "Form.row", NULL) == NULL) {
		hdf_put(r->hdf, "Form.section_id", dbres_get(s, 0, "section_id"));
		hdf_put(r->hdf, "Form.row", dbres_get(s, 0, "row_label"));
		hdf_put(r->hdf, "Form.seat", dbres_get(s, 0, "seat_label"));
		hdf_put(r->hdf, "Form.category", dbres_get(s, 0, "category"));
		hdf_put(r->hdf, "Form.x", dbres_get(s, 0, "x"));
		hdf_put(r->hdf, "Form.y", dbres_get(s, 0, "y"));
	}
	if ((rc = venue_plan_tickets(r->app->db, id, &total, &live)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return -1;
	}
	if (total > 0) {
		hdf_put_int(r->hdf, "Plan.Locked", 1);
		plan_locked_msg(r, "Plan.LockedText", total, live);
	}
	/* the plan with this seat marked, to see where it is */
	if ((rc = venue_plan_load(r->app->db, id, &p)) != DOM_OK) {
		hp_free(&p);
		req_fail(r, rc, NULL);
		return -1;
	}
	plan_to_hdf(r, id, &p, dbres_int(s, 0, "id"));
	hp_free(&p);
	title = xasprintf("%s, %s %s, %s %s", dbres_get(s, 0, "section"),
	    req_lang_str(r, "Lang.Venue.row"), dbres_get(s, 0, "row_label"),
	    req_lang_str(r, "Lang.Venue.seat"), dbres_get(s, 0, "seat_label"));
	hdf_put(r->hdf, "Seat.Title", title);
	hdf_put(r->hdf, "Page.Title", title);
	free(title);
	r->tpl = TPL_VENUE_SEAT;
	return 0;
}

/* The venue (404 unless ours) and its seat (404 unless of that venue). */
static int
seat_load(struct req *r, struct dbres **v, struct dbres **s)
{
	int64_t		 id = req_param_id(r, 0), sid = req_param_id(r, 1);
	enum dom_rc	 rc;

	*s = NULL;
	if ((*v = venue_load(r, id, 0)) == NULL)
		return -1;
	if ((rc = venue_seat_get(r->app->db, id, sid, s)) != DOM_OK) {
		dbres_free(*v);
		req_fail(r, rc, NULL);
		return -1;
	}
	return 0;
}

void
h_venue_seat(struct req *r)
{
	struct dbres *v, *s;

	if (seat_load(r, &v, &s) != 0)
		return;
	seat_page(r, v, s);
	dbres_free(v);
	dbres_free(s);
}

/* Shows the seat page again with errors, or a page-level message. */
static void
seat_refuse(struct req *r, const struct ferrs *e, int status, const char *code,
    int64_t total, int64_t live)
{
	struct dbres *v, *s;

	if (seat_load(r, &v, &s) != 0)
		return;
	if (seat_page(r, v, s) == 0) {
		if (e != NULL && e->n > 0)
			venue_ferr(r, e, TPL_VENUE_SEAT);
		else if (code != NULL && strcmp(code, "locked") == 0)
			plan_locked_msg(r, "Errors.form", total, live);
		else if (code != NULL && strcmp(code, "held") == 0)
			plan_held_msg(r, "Errors.form", total);
		else if (code != NULL)
			venue_msg(r, "form", code);
		r->status = status;
	}
	dbres_free(v);
	dbres_free(s);
}

/* Answers a refused seat edit: the seat page with the reason, or the status. */
static void
seat_refused(struct req *r, enum dom_rc rc, const struct plan_refusal *why, struct ferrs *e)
{
	if (why->reason == NULL)
		req_fail(r, rc, NULL);
	else if (strcmp(why->reason, "locked") == 0)
		seat_refuse(r, NULL, 409, "locked", why->total, why->live);
	else if (strcmp(why->reason, "held") == 0)
		seat_refuse(r, NULL, 409, "held", why->held, 0);
	else {
		ferr_add(e, strcmp(why->reason, "seat_taken") == 0 ? "seat" : "section_id",
		    why->reason);
		seat_refuse(r, e, dom_status(rc), NULL, 0, 0);
	}
}

void
h_venue_seat_update(struct req *r)
{
	struct ferrs	 e = { 0 };
	int64_t		 id = req_param_id(r, 0), sid = req_param_id(r, 1), section = 0, x = 0,
			 y = 0;
	char		 row[HP_LABEL_CHARS * 4 + 1], seat[HP_LABEL_CHARS * 4 + 1];
	char		 cat[HP_CATEGORY_CHARS * 4 + 1], *loc;
	const char	*v;
	struct plan_refusal why;
	enum dom_rc	 rc;

	form_keep(r, seat_fields);

	v = req_field(r, "section_id");
	if (v == NULL || parse_int64(v, 1, INT64_MAX, &section) != 0)
		ferr_add(&e, "section_id", "section_invalid");
	text_err(&e, "row", form_text(r, "row", row, sizeof(row), HP_LABEL_CHARS, 0),
	    "text_invalid", "too_long");
	text_err(&e, "seat", form_text(r, "seat", seat, sizeof(seat), HP_LABEL_CHARS, 0),
	    "text_invalid", "too_long");
	text_err(&e, "category", form_text(r, "category", cat, sizeof(cat), HP_CATEGORY_CHARS, 1),
	    "category_invalid", "category_long");
	if (form_int(r, "x", 0, HP_COORD_MAX, -1, &x) != 0)
		ferr_add(&e, "x", "coord_invalid");
	if (form_int(r, "y", 0, HP_COORD_MAX, -1, &y) != 0)
		ferr_add(&e, "y", "coord_invalid");
	if (e.n > 0) {
		seat_refuse(r, &e, 422, NULL, 0, 0);
		return;
	}
	if ((rc = venue_seat_update(r->app->db, &r->user, id, sid, section, row, seat, x, y, cat,
	    &why)) != DOM_OK) {
		seat_refused(r, rc, &why, &e);
		return;
	}
	{
		char	*after = xasprintf("%s-%s (%s)", row, seat, cat);
		char	 n[32];

		snprintf(n, sizeof(n), "%lld", (long long)sid);
		audit_venue(r, id, "seat_update", n, NULL, after);
		free(after);
	}
	req_flash(r, "venue_seat_saved");
	loc = xasprintf("/organiser/venues/%lld/seats/%lld", (long long)id, (long long)sid);
	req_redirect(r, loc);
	free(loc);
}

void
h_venue_seat_delete(struct req *r)
{
	struct dbres	*v, *s;
	int64_t		 id = req_param_id(r, 0), sid = req_param_id(r, 1);
	struct plan_refusal why;
	enum dom_rc	 rc;

	/* 404 for a seat that is not this venue's, before any lock */
	if (seat_load(r, &v, &s) != 0)
		return;
	dbres_free(v);
	dbres_free(s);
	if ((rc = venue_seat_delete(r->app->db, &r->user, id, sid, &why)) != DOM_OK) {
		seat_refused(r, rc, &why, NULL);
		return;
	}
	{
		char n[32];

		snprintf(n, sizeof(n), "%lld", (long long)sid);
		audit_venue(r, id, "seat_delete", n, "seat", NULL);
	}
	redirect_plan(r, id, "venue_seat_deleted");
}

/* ---- API --------------------------------------------------------------- */

/*
 * ?starts_at=ISO&duration_minutes=N: *busy[i] for each venue row, else
 * *busy stays NULL.  0, or -1 after answering 422/503.
 */
static int
api_busy(struct req *r, const struct dbres *res, int **busy)
{
	const char	*s = req_query(r, "starts_at"), *d = req_query(r, "duration_minutes");
	char		 start[32], *end;
	int64_t		*ids;
	long long	 mins = 120;
	time_t		 t;
	size_t		 i;
	enum dom_rc	 rc;

	*busy = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	if (d != NULL && *d != '\0') {
		errno = 0;
		mins = strtoll(d, &end, 10);
		if (errno != 0 || *end != '\0' || mins < 1 || mins > 7 * 24 * 60) {
			req_error(r, 422, "duration_invalid");
			return -1;
		}
	}
	if (parse_iso8601(s, start, sizeof(start), &t) != 0) {
		req_error(r, 422, "datetime_invalid");
		return -1;
	}
	if (res->nrows == 0)
		return 0;
	if ((ids = calloc(res->nrows, sizeof(*ids))) == NULL ||
	    (*busy = calloc(res->nrows, sizeof(**busy))) == NULL) {
		free(ids);
		req_error(r, 500, NULL);
		return -1;
	}
	for (i = 0; i < res->nrows; i++)
		ids[i] = dbres_int(res, i, "id");
	rc = venue_busy_at(r->app->db, start, mins, 0, ids, res->nrows, *busy);
	free(ids);
	if (rc != DOM_OK) {
		free(*busy);
		*busy = NULL;
		req_fail(r, rc, NULL);
		return -1;
	}
	return 0;
}

/*
 * GET /api/venues/: every active venue of the city (CONTRACT §3) with
 * `owned`, kind, status and rent; with ?starts_at= also whether it is free.
 */
void
h_api_venues(struct req *r)
{
	struct dbres	*res = NULL;
	json_t		*list;
	int		*busy = NULL;
	size_t		 i;
	enum dom_rc	 rc;

	if ((rc = venue_list(r->app->db, &r->user, &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	if (api_busy(r, res, &busy) != 0) {
		dbres_free(res);
		return;
	}
	list = json_array();
	for (i = 0; i < res->nrows; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:I, s:s, s:s, s:b, s:I, s:s}",
		    "id", (json_int_t)dbres_int(res, i, "id"),
		    "name", dbres_get(res, i, "name"),
		    "address", dbres_get(res, i, "address"),
		    "seated", (int)dbres_int(res, i, "seated"),
		    "capacity", (json_int_t)dbres_int(res, i, "capacity"),
		    "kind", dbres_get(res, i, "kind"),
		    "status", dbres_get(res, i, "status"),
		    "owned", venue_owned(r, res, i),
		    "rent_per_hour", (json_int_t)dbres_int(res, i, "price_per_hour"),
		    "currency", "KZT");

		if (busy != NULL)
			json_object_set_new(o, "free", json_boolean(!busy[i]));
		json_array_append_new(list, o);
	}
	free(busy);
	dbres_free(res);
	req_json(r, 200, json_pack("{s:o}", "venues", list));
}
