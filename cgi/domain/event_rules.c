/*
 * An organiser's event, without the request: the form's checks that need
 * the database, and the writes (create, update, publish, cancel, staff,
 * the report).  The page reads the form into a struct event_form and
 * answers what these return.
 *
 * A failed database call is DOM_DOWN when it is gone, else DOM_ERR: the
 * 503/500 these pages always answered (a lost deadlock included).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stmt.h"
#include "domain/access.h"
#include "domain/event_rules.h"
#include "domain/holds.h"
#include "domain/payments.h"
#include "lib/util.h"
#include "notify/event_mail.h"
#include "notify/notify.h"

void
ev_err_add(struct ev_errs *e, const char *field, const char *code)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].field, field) == 0)
			return;	/* first problem per field is enough */
	if (e->n < EV_ERR_MAX) {
		e->v[e->n].field = field;
		e->v[e->n].code = code;
		e->n++;
	}
}

const char *const ev_lang_codes[EV_LANGS] = { "en", "ru", "kk" };

void
event_form_free(struct event_form *f)
{
	size_t	 i;

	for (i = 0; i < EV_LANGS; i++) {
		free(f->name_tr[i]);
		free(f->desc_tr[i]);
	}
	free(f->name);
	free(f->description);
	free(f->location);
	free(f->busy_name);
}

enum dom_rc
event_managed(struct db *db, const struct user *u, int64_t id, struct dbres **ev)
{
	enum eaccess	 a;
	enum db_rc	 rc;

	*ev = NULL;
	if ((rc = event_access(db, u, id, &a)) != DB_OK)
		return dom_from_db(rc);
	if (a != EA_MANAGE)
		return DOM_NOT_FOUND;
	if ((rc = db_query(db, STMT_ORG_EVENT, ev, "i", id)) != DB_OK)
		return dom_from_db(rc);
	if ((*ev)->nrows == 0) {
		dbres_free(*ev);
		*ev = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

/* ---- the form's checks -------------------------------------------------- */

/* A client of the event's owner (an admin may pick any); unchanged is fine. */
static enum dom_rc
check_client(struct db *db, const struct user *u, const struct event_form *f,
    const struct dbres *ev, struct ev_errs *e)
{
	struct dbres	*c = NULL;
	enum db_rc	 rc;

	if (f->client_id == 0 || (ev != NULL && dbres_get(ev, 0, "client_id") != NULL &&
	    dbres_int(ev, 0, "client_id") == f->client_id))
		return DOM_OK;
	rc = db_query(db, STMT_CLIENT_GET, &c, "iii", f->client_id,
	    (int64_t)(u->role == ROLE_ADMIN), ev ? dbres_int(ev, 0, "organiser_id") : u->id);
	if (rc != DB_OK)
		return dom_from_db(rc);
	if (c->nrows == 0)
		ev_err_add(e, "client_id", "client_invalid");
	dbres_free(c);
	return DOM_OK;
}

/*
 * The venue (its row v, NULL for none) exists, is active — any organiser's:
 * the venues are the city's (issue 12) — and has seats when the event is
 * seated; settles f->seated.  1 when an error stops the checks here.
 */
static int
check_venue(struct event_form *f, const struct dbres *v, struct ev_errs *e)
{
	if (v == NULL) {
		if (f->seated > 0) {
			ev_err_add(e, "seated", "venue_not_seated");
			return 1;
		}
		f->seated = 0;
		return 0;
	}
	if (v->nrows == 0 || strcmp(dbres_get(v, 0, "status"), "active") != 0) {
		ev_err_add(e, "venue_id", "venue_invalid");
		return 1;
	}
	if (f->seated < 0)
		f->seated = (int)dbres_int(v, 0, "seated");
	if (f->seated && (!dbres_int(v, 0, "seated") || dbres_int(v, 0, "seats") == 0)) {
		ev_err_add(e, "seated", "venue_not_seated");
		return 1;
	}
	return 0;
}

static void
price_of(struct event_form *f, size_t i, const char *cat, struct ev_errs *e)
{
	int	 p;
	size_t	 n = strlen(cat);

	/* the plan's checks keep categories to HP_CATEGORY_CHARS: refuse, never cut */
	if (n >= sizeof(f->prices[i].cat)) {
		ev_err_add(e, "price", "price_missing");
		return;
	}
	memcpy(f->prices[i].cat, cat, n + 1);
	/* one message at the prices, whichever category lacks one */
	if ((p = f->price(f->price_arg, cat, &f->prices[i].price)) != 0)
		ev_err_add(e, "price", p < 0 ? "price_invalid" : "price_missing");
}

/* A seated event sells the venue's seats at a price per category; else GA up to capacity. */
static enum dom_rc
check_prices(struct db *db, struct event_form *f, const struct dbres *v, struct ev_errs *e)
{
	struct dbres	*cats = NULL;
	enum db_rc	 rc;
	size_t		 i;

	if (!f->seated) {
		if (f->capacity == 0)
			ev_err_add(e, "capacity", "required");
		else if (v != NULL && f->capacity > dbres_int(v, 0, "capacity"))
			ev_err_add(e, "capacity", "capacity_over_venue");
		price_of(f, 0, "GA", e);
		f->nprices = 1;
		return DOM_OK;
	}
	f->capacity = dbres_int(v, 0, "seats");
	if ((rc = db_query(db, STMT_VENUE_CATEGORIES, &cats, "i", f->venue_id)) != DB_OK)
		return dom_from_db(rc);
	for (i = 0; i < cats->nrows && i < EV_MAX_CATS; i++)
		price_of(f, i, dbres_get(cats, i, "category"), e);
	f->nprices = i;
	dbres_free(cats);
	return DOM_OK;
}

/* The other event at the venue in [start, start + duration), if any, in *ov. */
static enum db_rc
overlap_find(struct db *db, const struct event_form *f, int64_t self, struct dbres **ov)
{
	char		 end[32];
	time_t		 te = f->starts_t + f->duration * 60;
	struct tm	 tm;

	gmtime_r(&te, &tm);
	strftime(end, sizeof(end), "%Y-%m-%d %H:%M:%S", &tm);
	return db_query(db, STMT_VENUE_OVERLAP, ov, "iiss", f->venue_id, self, end, f->starts);
}

/*
 * No other event at the venue in [start, start + duration), whoever's it
 * is; the other's name is told only once it is public, or to its owner.
 */
static enum dom_rc
check_overlap(struct db *db, struct event_form *f, int64_t self, int64_t uid,
    struct ev_errs *e)
{
	struct dbres	*ov = NULL;
	enum db_rc	 rc;

	if (f->venue_id == 0 || f->starts[0] == '\0' || f->duration <= 0)
		return DOM_OK;
	if ((rc = overlap_find(db, f, self, &ov)) != DB_OK)
		return dom_from_db(rc);
	if (ov->nrows > 0) {
		free(f->busy_name);
		f->busy_name = NULL;
		f->busy = 1;
		if (strcmp(dbres_get(ov, 0, "status"), "published") == 0 ||
		    dbres_int(ov, 0, "organiser_id") == uid)
			f->busy_name = xstrdup(dbres_get(ov, 0, "name"));
		f->busy_at = db_time_parse(dbres_get(ov, 0, "starts_at"));
		f->busy_end = f->busy_at + dbres_int(ov, 0, "duration_minutes") * 60;
		ev_err_add(e, f->date_field, "venue_busy");
	}
	dbres_free(ov);
	return DOM_OK;
}

enum dom_rc
event_check(struct db *db, const struct user *u, struct event_form *f,
    const struct dbres *ev, struct ev_errs *e)
{
	struct dbres	*v = NULL;
	enum dom_rc	 drc;
	enum db_rc	 rc;

	if ((drc = check_client(db, u, f, ev, e)) != DOM_OK)
		return drc;
	if (f->venue_id == 0 && (f->location == NULL || *f->location == '\0')) {
		ev_err_add(e, "venue_id", "venue_or_location");
		return DOM_OK;
	}
	if (f->venue_id != 0 &&
	    (rc = db_query(db, STMT_VENUE_FOR_EVENT, &v, "i", f->venue_id)) != DB_OK)
		return dom_from_db(rc);
	if (check_venue(f, v, e))
		goto out;
	if ((drc = check_prices(db, f, v, e)) != DOM_OK)
		goto out;
	/* a first look for the form; event_update's conditional UPDATE decides */
	if (ev != NULL && f->capacity < dbres_int(ev, 0, "sold") + dbres_int(ev, 0, "held")) {
		f->min_capacity = dbres_int(ev, 0, "sold") + dbres_int(ev, 0, "held");
		ev_err_add(e, "capacity", "capacity_below_sold");
	}
	drc = check_overlap(db, f, ev ? dbres_int(ev, 0, "id") : 0, u->id, e);
out:
	dbres_free(v);
	return drc;
}

/* ---- writes ------------------------------------------------------------- */

static enum db_rc
save_prices(struct db *db, int64_t id, const struct event_form *f)
{
	enum db_rc	 rc;
	size_t		 i;

	/* the translations (schema/065) ride with the prices: both writes do this */
	rc = db_exec(db, STMT_EVENT_SET_TR, NULL, NULL, "ssssssi", f->name_tr[0],
	    f->name_tr[1], f->name_tr[2], f->desc_tr[0], f->desc_tr[1], f->desc_tr[2], id);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_EVENT_PRICES_DEL, NULL, NULL, "i", id);
	for (i = 0; rc == DB_OK && i < f->nprices; i++)
		rc = db_exec(db, STMT_EVENT_PRICE_ADD, NULL, NULL, "isi", id, f->prices[i].cat,
		    f->prices[i].price);
	/* the seat map shows each seat's price */
	if (rc == DB_OK)
		rc = db_exec(db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i", id);
	return rc;
}

/*
 * Inside the write's transaction: the venue's row locked, then no overlap.
 * DB_OK with *busy set when another booking got there first.
 */
static enum db_rc
venue_claim(struct db *db, const struct event_form *f, int64_t self, int *busy)
{
	struct dbres	*lk = NULL, *ov = NULL;
	enum db_rc	 rc;

	*busy = 0;
	if (f->venue_id == 0 || f->starts[0] == '\0')
		return DB_OK;
	if ((rc = db_query(db, STMT_VENUE_BOOK_LOCK, &lk, "i", f->venue_id)) != DB_OK)
		return rc;
	dbres_free(lk);
	if ((rc = overlap_find(db, f, self, &ov)) != DB_OK)
		return rc;
	*busy = ov->nrows > 0;
	dbres_free(ov);
	return DB_OK;
}

enum dom_rc
event_create(struct db *db, int64_t owner, const struct event_form *f, int64_t *id)
{
	uint64_t	 n = 0;
	enum db_rc	 rc;
	const char	*status = f->publish ? "published" : "draft";
	int		 busy = 0;

	if ((rc = db_begin(db)) == DB_OK)
		rc = venue_claim(db, f, 0, &busy);
	if (rc == DB_OK && busy) {
		db_rollback(db);
		return DOM_CONFLICT;
	}
	if (rc == DB_OK)
		rc = db_exec(db, STMT_ORG_EVENT_ADD, NULL, &n, "innssssiiisisss", owner,
		    f->venue_id, f->client_id, f->location, f->name, f->description, f->starts,
		    f->duration, (int64_t)f->seated, f->capacity, f->currency, f->max_pp,
		    f->has_ss ? f->sales_start : NULL, f->has_se ? f->sales_end : NULL, status);
	if (rc == DB_OK)
		rc = save_prices(db, (int64_t)n, f);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return dom_from_db(rc);
	}
	klog("user %lld created event %llu (%s)", (long long)owner, (unsigned long long)n,
	    status);
	*id = (int64_t)n;
	return DOM_OK;
}

/*
 * The edit's UPDATE; it changes nothing when sales passed f->capacity.  A
 * changed row may have a new hall or be seated no more: the seat map's
 * version moves (save_prices moves it for the prices).
 */
static enum db_rc
update_row(struct db *db, const struct event_form *f, int64_t id, uint64_t *n)
{
	enum db_rc	 rc;

	rc = db_exec(db, STMT_ORG_EVENT_UPDATE, n, NULL, "nnssssiiisissii", f->venue_id,
	    f->client_id, f->location, f->name, f->description, f->starts, f->duration,
	    (int64_t)f->seated, f->capacity, f->currency, f->max_pp,
	    f->has_ss ? f->sales_start : NULL, f->has_se ? f->sales_end : NULL, id, f->capacity);
	if (rc == DB_OK && *n > 0)
		rc = db_exec(db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i", id);
	return rc;
}

/*
 * No row changed: sales and holds moved past the new capacity meanwhile,
 * or the form changed nothing (MariaDB counts changed rows, not matched
 * ones).  With the row locked, its counts tell which; a sale cancelled in
 * between lets the update through now.  *n is 1 when the row matches;
 * else *min is what the capacity can go down to (sold + held).
 */
static enum db_rc
update_recheck(struct db *db, const struct event_form *f, int64_t id, uint64_t *n,
    int64_t *min)
{
	struct dbres	*lk = NULL;
	enum db_rc	 rc;
	int64_t		 taken;

	rc = db_query(db, STMT_ORG_EVENT_LOCK, &lk, "i", id);
	if (rc == DB_OK && lk->nrows == 1) {
		taken = dbres_int(lk, 0, "sold") + dbres_int(lk, 0, "held");
		if (taken <= f->capacity) {
			rc = update_row(db, f, id, n);
			*n = 1;	/* it matches: changed now, or nothing to change */
		} else
			*min = taken;
	}
	dbres_free(lk);
	return rc;
}

enum dom_rc
event_update(struct app *app, int64_t id, struct event_form *f, int publish,
    struct ev_errs *e)
{
	uint64_t	 n = 0;
	enum db_rc	 rc;
	int		 busy = 0;

	/* holds run out but not swept yet keep no place from a smaller hall */
	if ((rc = db_begin(app->db)) == DB_OK)
		rc = holds_release_expired(app->db, id);
	if (rc == DB_OK)
		rc = venue_claim(app->db, f, id, &busy);
	if (rc == DB_OK && busy) {
		db_rollback(app->db);
		ev_err_add(e, f->date_field, "venue_busy");
		return DOM_CONFLICT;
	}
	if (rc == DB_OK)
		rc = update_row(app->db, f, id, &n);
	if (rc == DB_OK && n == 0)
		rc = update_recheck(app->db, f, id, &n, &f->min_capacity);
	if (rc == DB_OK && n == 0) {
		/* sales and holds moved past the new capacity meanwhile */
		db_rollback(app->db);
		ev_err_add(e, "capacity", "capacity_below_sold");
		return DOM_INVALID;
	}
	if (rc == DB_OK)
		rc = save_prices(app->db, id, f);
	/* calendar.c: a new SEQUENCE; synced Google events follow the edit */
	if (rc == DB_OK)
		rc = cal_event_changed(app, id);
	if (rc == DB_OK && publish)
		rc = db_exec(app->db, STMT_EVENT_PUBLISH, NULL, NULL, "i", id);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK) {
		db_rollback(app->db);
		return dom_from_db(rc);
	}
	return DOM_OK;
}

enum dom_rc
event_publish(struct db *db, const struct dbres *ev, const char **reason)
{
	enum db_rc rc;

	if (db_time_parse(dbres_get(ev, 0, "starts_at")) <= time(NULL)) {
		*reason = "in_past";
		return DOM_CONFLICT;
	}
	rc = db_exec(db, STMT_EVENT_PUBLISH, NULL, NULL, "i", dbres_int(ev, 0, "id"));
	return rc == DB_OK ? DOM_OK : dom_from_db(rc);
}

/*
 * Cancels an event: tickets voided and every holder mailed in their
 * language, all in one transaction with the status change.
 */
enum dom_rc
event_cancel(struct app *app, int64_t id, const struct dbres *ev, int64_t by,
    const char **reason)
{
	struct dbres	*h = NULL;
	enum db_rc	 rc;
	uint64_t	 n = 0;
	size_t		 i;
	time_t		 starts = db_time_parse(dbres_get(ev, 0, "starts_at"));

	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_exec(app->db, STMT_EVENT_CANCEL, &n, NULL, "i", id);
	if (rc == DB_OK && n == 0) {
		db_rollback(app->db);
		*reason = "event_closed";
		return DOM_CONFLICT;
	}
	if (rc == DB_OK)
		rc = db_query(app->db, STMT_EVENT_HOLDERS, &h, "i", id);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_EVENT_VOID_TICKETS, NULL, NULL, "i", id);
	/* payments.c: every paid order's money back (jobs), pending ones end */
	if (rc == DB_OK)
		rc = pay_refund_event(app, id);
	/* calendar.c: calendars see STATUS:CANCELLED; Google events of the tickets go */
	if (rc == DB_OK)
		rc = cal_event_changed(app, id);
	/* each holder reads the event's and venue's names in their language */
	for (i = 0; rc == DB_OK && h != NULL && i < h->nrows; i++) {
		if (dbres_get(h, i, "lang") != NULL)
			dbres_localise_row(h, i, dbres_get(h, i, "lang"));
		rc = mail_event_cancelled(app, dbres_get(h, i, "lang"),
		    dbres_get(h, i, "buyer_email"), dbres_get(h, i, "buyer_name"),
		    dbres_get(h, i, "tickets"), dbres_get(h, i, "event_name"),
		    dbres_get(h, i, "venue_name"), starts);
	}
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK) {
		db_rollback(app->db);
		dbres_free(h);
		return dom_from_db(rc);
	}
	klog("user %lld cancelled event %lld; %zu holders mailed", (long long)by,
	    (long long)id, h ? h->nrows : 0);
	dbres_free(h);
	return DOM_OK;
}

enum dom_rc
event_set_image(struct db *db, int64_t id, const char *name)
{
	enum db_rc rc = db_exec(db, STMT_EVENT_SET_IMAGE, NULL, NULL, "si", name, id);

	return rc == DB_OK ? DOM_OK : dom_from_db(rc);
}

/* ---- staff -------------------------------------------------------------- */

int
staff_role_valid(const char *role)
{
	return role != NULL && (strcmp(role, "organiser") == 0 || strcmp(role, "door") == 0);
}

/*
 * The invitation mail, in the transaction that made the row: in the
 * account's language, else the inviter's.
 */
static enum db_rc
staff_mail(struct app *app, int64_t event, const char *email, const char *role, int64_t by,
    const char *lang)
{
	struct dbres	*m = NULL;
	enum db_rc	 rc;
	char		*who;

	if ((rc = db_query(app->db, STMT_STAFF_MAIL_INFO, &m, "isi", by, email, event)) != DB_OK)
		return rc;
	if (m->nrows == 1) {
		who = xasprintf("%s %s", dbres_get(m, 0, "by_first"), dbres_get(m, 0, "by_last"));
		rc = mail_staff_invite(app, dbres_get(m, 0, "lang") != NULL ?
		    dbres_get(m, 0, "lang") : lang, email, dbres_get(m, 0, "first_name"),
		    dbres_get(m, 0, "name"), db_time_parse(dbres_get(m, 0, "starts_at")), who,
		    role, event);
		free(who);
	}
	dbres_free(m);
	return rc;
}

/*
 * Adds `email` to the event's team with `role`, and the answer is the same
 * whoever the address is (no way to learn who has an account): a
 * confirmed, unblocked account joins at once, any other address is kept
 * as an invitation that joins when an account with it is confirmed
 * (staff_invites_take).  Both are mailed the same invitation, once per
 * address and role.  DOM_INVALID "staff_owner" for the owner's own address,
 * which the owner knows.
 */
enum dom_rc
staff_invite(struct app *app, int64_t event, int64_t owner, const char *email,
    const char *role, int64_t by, const char *lang, const char **reason)
{
	struct dbres	*u = NULL;
	enum db_rc	 rc;
	uint64_t	 n = 0;
	int64_t		 uid = 0;

	if ((rc = db_query(app->db, STMT_USER_BY_EMAIL, &u, "s", email)) != DB_OK)
		return dom_from_db(rc);
	if (u->nrows == 1 && dbres_int(u, 0, "id") == owner) {
		dbres_free(u);
		*reason = "staff_owner";
		return DOM_INVALID;
	}
	if (u->nrows == 1 && dbres_int(u, 0, "verified") && !dbres_int(u, 0, "blocked"))
		uid = dbres_int(u, 0, "id");
	dbres_free(u);
	if ((rc = db_begin(app->db)) != DB_OK)
		return dom_from_db(rc);
	if (uid != 0)
		rc = db_exec(app->db, STMT_STAFF_ADD, &n, NULL, "iisi", event, uid, role, by);
	else
		rc = db_exec(app->db, STMT_STAFF_INVITE_ADD, &n, NULL, "issi", event, email, role,
		    by);
	/* n is 0 when the address already had that role: no second mail */
	if (rc == DB_OK && n > 0)
		rc = staff_mail(app, event, email, role, by, lang);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK) {
		db_rollback(app->db);
		return dom_from_db(rc);
	}
	return DOM_OK;
}

enum db_rc
staff_invites_take(struct db *db, int64_t uid)
{
	enum db_rc rc;

	if ((rc = db_exec(db, STMT_STAFF_INVITES_TAKE, NULL, NULL, "i", uid)) == DB_OK)
		rc = db_exec(db, STMT_STAFF_INVITES_DROP, NULL, NULL, "i", uid);
	return rc;
}

/* By address, as the team's list shows it: the member or the invitation. */
enum dom_rc
staff_remove_email(struct db *db, int64_t event, const char *email)
{
	enum db_rc rc;

	if ((rc = db_begin(db)) == DB_OK)
		rc = db_exec(db, STMT_STAFF_DEL_EMAIL, NULL, NULL, "is", event, email);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_STAFF_INVITE_DEL, NULL, NULL, "is", event, email);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return dom_from_db(rc);
	}
	return DOM_OK;
}

enum dom_rc
staff_remove(struct db *db, int64_t event, int64_t uid)
{
	enum db_rc rc = db_exec(db, STMT_STAFF_DEL, NULL, NULL, "ii", event, uid);

	return rc == DB_OK ? DOM_OK : dom_from_db(rc);
}

/* ---- the report --------------------------------------------------------- */

enum dom_rc
report_allowed(const struct dbres *ev, const char **reason)
{
	if (!dbres_int(ev, 0, "ended") || strcmp(dbres_get(ev, 0, "status"), "cancelled") == 0 ||
	    strcmp(dbres_get(ev, 0, "status"), "draft") == 0) {
		*reason = "event_not_ended";
		return DOM_CONFLICT;
	}
	return DOM_OK;
}

/* Marks the event completed and saves the report; the numbers are counted, not typed. */
enum dom_rc
report_save(struct db *db, int64_t id, const char *summary, const char *feedback)
{
	struct dbres	*st = NULL;
	enum db_rc	 rc;

	if ((rc = db_begin(db)) == DB_OK)
		rc = db_exec(db, STMT_EVENT_COMPLETE, NULL, NULL, "i", id);
	if (rc == DB_OK)
		rc = db_query(db, STMT_REPORT_STATS, &st, "i", id);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_REPORT_SAVE, NULL, NULL, "issiii", id, summary, feedback,
		    dbres_int(st, 0, "attendance"), dbres_int(st, 0, "sold"),
		    dbres_int(st, 0, "revenue"));
	if (rc == DB_OK)
		rc = db_commit(db);
	dbres_free(st);
	if (rc != DB_OK) {
		db_rollback(db);
		return dom_from_db(rc);
	}
	return DOM_OK;
}
