/*
 * Venues and their hall plans without the request: loading them for the
 * user who owns them (an admin any), the details' writes, replacing the
 * plan and editing single seats.  hallplan.c makes and checks plans; this
 * file stores them.
 *
 * A plan whose seats ever had a ticket is frozen: live tickets (valid or
 * used) must keep their seats, and cancelled ones still point at them
 * (tickets.seat_id has no ON DELETE).  Seats in buyers' carts freeze it
 * for as long as they are held.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/stmt.h"
#include "domain/venue_plans.h"
#include "lib/util.h"

static enum dom_rc
venue_db(enum db_rc rc)
{
	switch (rc) {
	case DB_OK:
		return DOM_OK;
	case DB_DOWN:
		return DOM_DOWN;
	case DB_RETRY:
		return DOM_CONFLICT;
	default:
		return DOM_ERR;
	}
}

/* The owner filter of the statements: NULL for an admin (every venue). */
static const char *
owner_null(const struct user *u)
{
	return u->role == ROLE_ADMIN ? NULL : "";
}

enum dom_rc
venue_get(struct db *db, const struct user *u, int64_t id, int lock, struct dbres **v)
{
	enum db_rc rc;

	*v = NULL;
	rc = db_query(db, lock ? STMT_VENUE_LOCK : STMT_VENUE_GET, v, "isi", id, owner_null(u),
	    u->id);
	if (rc != DB_OK)
		return venue_db(rc);
	if ((*v)->nrows == 0) {
		dbres_free(*v);
		*v = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

enum dom_rc
venue_list(struct db *db, const struct user *u, struct dbres **res)
{
	return venue_db(db_query(db, STMT_VENUE_LIST, res, "si", owner_null(u), u->id));
}

enum dom_rc
venue_view(struct db *db, const struct user *u, int64_t id, struct dbres **v, int *owned)
{
	enum db_rc rc;

	*v = NULL;
	*owned = 0;
	if ((rc = db_query(db, STMT_VENUE_VIEW, v, "i", id)) != DB_OK)
		return venue_db(rc);
	if ((*v)->nrows == 1)
		*owned = u->role == ROLE_ADMIN || dbres_int(*v, 0, "owner_id") == u->id;
	if ((*v)->nrows == 0 ||
	    (!*owned && strcmp(dbres_get(*v, 0, "status"), "active") != 0)) {
		dbres_free(*v);
		*v = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

enum dom_rc
venue_bookings(struct db *db, int64_t id, struct dbres **res)
{
	return venue_db(db_query(db, STMT_VENUE_BOOKINGS, res, "i", id));
}

enum dom_rc
venue_busy_at(struct db *db, const char *start, int64_t minutes, int64_t self,
    const int64_t *ids, size_t n, int *busy)
{
	struct dbres	*res = NULL;
	char		 end[32];
	struct tm	 tm;
	time_t		 t;
	enum db_rc	 rc;
	size_t		 i, j;

	for (i = 0; i < n; i++)
		busy[i] = 0;
	memset(&tm, 0, sizeof(tm));
	if (strptime(start, "%Y-%m-%d %H:%M:%S", &tm) == NULL)
		return DOM_INVALID;
	t = timegm(&tm) + (time_t)minutes * 60;
	gmtime_r(&t, &tm);
	if (strftime(end, sizeof(end), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return DOM_INVALID;
	rc = db_query(db, STMT_VENUES_BUSY_AT, &res, "sssi", end, start, start, self);
	if (rc != DB_OK)
		return venue_db(rc);
	for (j = 0; j < res->nrows; j++)
		for (i = 0; i < n; i++)
			if (ids[i] == dbres_int(res, j, "venue_id"))
				busy[i] = 1;
	dbres_free(res);
	return DOM_OK;
}

enum dom_rc
venue_gen_form_set(struct db *db, int64_t id, const char *json)
{
	return venue_db(db_exec(db, STMT_VENUE_GEN_SET, NULL, NULL, "si", json, id));
}

enum dom_rc
venue_gen_form_get(struct db *db, int64_t id, char **json)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	*json = NULL;
	if ((rc = db_query(db, STMT_VENUE_GEN_GET, &res, "i", id)) != DB_OK)
		return venue_db(rc);
	if (res->nrows == 1 && dbres_get(res, 0, "gen_form") != NULL)
		*json = xstrdup(dbres_get(res, 0, "gen_form"));
	dbres_free(res);
	return DOM_OK;
}

/* ---- details ------------------------------------------------------------ */

enum dom_rc
venue_create(struct db *db, int64_t owner, const struct venue_details *f, int64_t *id)
{
	uint64_t	 n = 0;
	enum db_rc	 rc;

	/* a seated venue starts without seats; its plan sets the capacity */
	rc = db_exec(db, STMT_VENUE_NEW, NULL, &n, "isssiiis", owner, f->name, f->kind,
	    f->address, f->seated ? (int64_t)0 : f->capacity, (int64_t)f->seated, f->price,
	    f->status);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_VENUE_SET_TR, NULL, NULL, "sssi", f->name_tr[0],
		    f->name_tr[1], f->name_tr[2], (int64_t)n);
	if (rc != DB_OK)
		return venue_db(rc);
	klog("user %lld created venue %llu", (long long)owner, (unsigned long long)n);
	*id = (int64_t)n;
	return DOM_OK;
}

enum dom_rc
venue_update(struct db *db, int64_t id, const struct venue_details *f)
{
	enum db_rc rc;

	if ((rc = db_begin(db)) == DB_OK)
		rc = db_exec(db, STMT_VENUE_UPDATE, NULL, NULL, "sssiiisi", f->name, f->kind,
		    f->address, f->seated ? (int64_t)0 : f->capacity, (int64_t)f->seated,
		    f->price, f->status, id);
	if (rc == DB_OK && f->seated)
		rc = db_exec(db, STMT_VENUE_SYNC_CAPACITY, NULL, NULL, "ii", id, id);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_VENUE_SET_TR, NULL, NULL, "sssi", f->name_tr[0],
		    f->name_tr[1], f->name_tr[2], id);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return venue_db(rc);
	}
	return DOM_OK;
}

enum dom_rc
venue_section_names(struct db *db, int64_t venue, size_t n, const int64_t *ids,
    char *const (*names)[3])
{
	enum db_rc	 rc;
	size_t		 i;

	rc = db_begin(db);
	for (i = 0; rc == DB_OK && i < n; i++)
		rc = db_exec(db, STMT_SECTION_SET_TR, NULL, NULL, "sssii", names[i][0], names[i][1],
		    names[i][2], ids[i], venue);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return venue_db(rc);
	}
	return DOM_OK;
}

enum dom_rc
venue_category_names(struct db *db, int64_t venue, struct dbres **res)
{
	return venue_db(db_query(db, STMT_VENUE_CATEGORY_NAMES, res, "ii", venue, venue));
}

enum dom_rc
venue_category_name_set(struct db *db, int64_t venue, const char *category, const char *name,
    char *const names[3])
{
	return venue_db(db_exec(db, STMT_VENUE_CATEGORY_SET, NULL, NULL, "isssss", venue,
	    category, name, names[0], names[1], names[2]));
}

/* ---- the plan ----------------------------------------------------------- */

enum dom_rc
venue_plan_load(struct db *db, int64_t id, struct hallplan *p)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	size_t		 i;

	hp_init(p);
	if ((rc = db_query(db, STMT_VENUE_SEATS, &res, "i", id)) != DB_OK)
		return venue_db(rc);
	for (i = 0; i < res->nrows && i < HP_MAX_SEATS; i++) {
		long sec = hp_section(p, dbres_get(res, i, "section"), 0);

		if (sec < 0)
			break;
		(void)hp_seat_add(p, (size_t)sec, dbres_get(res, i, "row_label"),
		    dbres_get(res, i, "seat_label"), (int)dbres_int(res, i, "x"),
		    (int)dbres_int(res, i, "y"), dbres_get(res, i, "category"),
		    dbres_int(res, i, "id"), 0);
	}
	dbres_free(res);
	return DOM_OK;
}

static enum db_rc
plan_tickets(struct db *db, int64_t id, int64_t *total, int64_t *live)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	*total = *live = 0;
	if ((rc = db_query(db, STMT_VENUE_TICKETS, &res, "i", id)) != DB_OK)
		return rc;
	*total = dbres_int(res, 0, "n");
	*live = dbres_int(res, 0, "live");
	dbres_free(res);
	return DB_OK;
}

enum dom_rc
venue_plan_tickets(struct db *db, int64_t id, int64_t *total, int64_t *live)
{
	return venue_db(plan_tickets(db, id, total, live));
}

/* Seats of the venue held in buyers' carts right now (expired holds too, until swept). */
static enum db_rc
plan_holds(struct db *db, int64_t id, int64_t *held)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	*held = 0;
	if ((rc = db_query(db, STMT_VENUE_HOLDS, &res, "i", id)) != DB_OK)
		return rc;
	*held = dbres_int(res, 0, "n");
	dbres_free(res);
	return DB_OK;
}

/* Sets why->reason when tickets or holds freeze the plan. */
static enum db_rc
plan_frozen(struct db *db, int64_t id, struct plan_refusal *why)
{
	enum db_rc rc;

	if ((rc = plan_tickets(db, id, &why->total, &why->live)) == DB_OK && why->total > 0)
		why->reason = "locked";
	else if (rc == DB_OK && (rc = plan_holds(db, id, &why->held)) == DB_OK && why->held > 0)
		why->reason = "held";
	return rc;
}

enum dom_rc
venue_sections(struct db *db, int64_t id, struct dbres **res)
{
	return venue_db(db_query(db, STMT_VENUE_SECTIONS, res, "i", id));
}

/* The sections and seats of p for venue id, whose old ones are gone; why->line on a duplicate. */
static enum db_rc
plan_write(struct db *db, int64_t id, const struct hallplan *p, struct plan_refusal *why)
{
	uint64_t	*secids;
	enum db_rc	 rc = DB_OK;
	size_t		 i;

	if ((secids = calloc(p->nsections + 1, sizeof(*secids))) == NULL)
		abort();
	for (i = 0; rc == DB_OK && i < p->nsections; i++) {
		rc = db_exec(db, STMT_SECTION_ADD, NULL, &secids[i], "isi", id,
		    p->sections[i].name, (int64_t)i);
		if (rc == DB_DUP)
			why->line = p->sections[i].line;
	}
	for (i = 0; rc == DB_OK && i < p->nseats; i++) {
		const struct hp_seat *s = &p->seats[i];

		rc = db_exec(db, STMT_SEAT_ADD, NULL, NULL, "iissiis", id,
		    (int64_t)secids[s->section], s->row, s->seat, (int64_t)s->x, (int64_t)s->y,
		    s->category);
		if (rc == DB_DUP)
			why->line = s->line;
	}
	free(secids);
	return rc;
}

/*
 * Checked under the venue's row lock; a ticket sold or a seat held
 * meanwhile makes the delete fail on its foreign key, which ends the same
 * way.
 */
enum dom_rc
venue_plan_replace(struct db *db, const struct user *u, int64_t id, const struct hallplan *p,
    struct plan_refusal *why)
{
	struct dbres	*v;
	enum dom_rc	 drc;
	enum db_rc	 rc;

	memset(why, 0, sizeof(*why));
	if ((rc = db_begin(db)) != DB_OK)
		return venue_db(rc);
	if ((drc = venue_get(db, u, id, 1, &v)) != DOM_OK) {
		db_rollback(db);
		return drc;
	}
	if (!dbres_int(v, 0, "seated"))
		why->reason = "not_seated";
	dbres_free(v);
	if (why->reason == NULL)
		rc = plan_frozen(db, id, why);
	if (rc == DB_OK && why->reason == NULL)
		rc = db_exec(db, STMT_VENUE_SEATS_DEL, NULL, NULL, "i", id);
	if (rc == DB_ERR) {
		/* most likely a ticket sold or a seat held between the check and the delete */
		db_rollback(db);
		if ((rc = plan_frozen(db, id, why)) != DB_OK || why->reason == NULL)
			return venue_db(rc == DB_OK ? DB_ERR : rc);
	}
	if (rc == DB_OK && why->reason == NULL)
		rc = db_exec(db, STMT_VENUE_SECTIONS_DEL, NULL, NULL, "i", id);
	if (rc == DB_OK && why->reason == NULL)
		rc = plan_write(db, id, p, why);
	if (rc == DB_OK && why->reason == NULL)
		rc = db_exec(db, STMT_VENUE_SYNC_CAPACITY, NULL, NULL, "ii", id, id);
	if (rc == DB_OK && why->reason == NULL)
		rc = db_commit(db);
	if (why->reason != NULL || rc != DB_OK)
		db_rollback(db);
	if (why->reason != NULL)
		return DOM_CONFLICT;
	if (rc == DB_DUP) {
		/* names the database's collation takes for equal ("Ё" and "Е", say) */
		why->reason = "duplicate_db";
		return DOM_INVALID;
	}
	if (rc != DB_OK)
		return venue_db(rc);
	klog("user %lld replaced the plan of venue %lld: %zu seats in %zu sections",
	    (long long)u->id, (long long)id, p->nseats, p->nsections);
	return DOM_OK;
}

/* ---- single seats ------------------------------------------------------- */

enum dom_rc
venue_seat_get(struct db *db, int64_t venue, int64_t seat, struct dbres **s)
{
	enum db_rc rc;

	*s = NULL;
	if ((rc = db_query(db, STMT_SEAT_GET, s, "ii", seat, venue)) != DB_OK)
		return venue_db(rc);
	if ((*s)->nrows == 0) {
		dbres_free(*s);
		*s = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

enum dom_rc
venue_seat_find(struct db *db, int64_t venue, const char *section, const char *row,
    const char *seat, struct dbres **res)
{
	return venue_db(db_query(db, STMT_SEAT_FIND, res, "isss", venue, section, row, seat));
}

/*
 * Locks the venue and checks its plan may change (no tickets, no seats in
 * carts): DOM_OK inside the transaction; else rolled back.
 */
static enum dom_rc
plan_edit_begin(struct db *db, const struct user *u, int64_t id, struct plan_refusal *why)
{
	struct dbres	*v;
	enum dom_rc	 drc;
	enum db_rc	 rc;

	memset(why, 0, sizeof(*why));
	if ((rc = db_begin(db)) != DB_OK)
		return venue_db(rc);
	if ((drc = venue_get(db, u, id, 1, &v)) != DOM_OK) {
		db_rollback(db);
		return drc;
	}
	dbres_free(v);
	if ((rc = plan_frozen(db, id, why)) != DB_OK || why->reason != NULL) {
		db_rollback(db);
		return rc != DB_OK ? venue_db(rc) : DOM_CONFLICT;
	}
	return DOM_OK;
}

enum dom_rc
venue_seat_update(struct db *db, const struct user *u, int64_t venue, int64_t seat,
    int64_t section, const char *row, const char *label, int64_t x, int64_t y,
    const char *category, struct plan_refusal *why)
{
	struct dbres	*secs = NULL;
	enum dom_rc	 drc;
	enum db_rc	 rc;
	uint64_t	 changed = 0;
	size_t		 i;
	int		 found = 0;

	if ((drc = plan_edit_begin(db, u, venue, why)) != DOM_OK)
		return drc;
	/* the section must be one of this venue's */
	rc = db_query(db, STMT_VENUE_SECTIONS, &secs, "i", venue);
	for (i = 0; rc == DB_OK && i < secs->nrows; i++)
		if (dbres_int(secs, i, "id") == section)
			found = 1;
	dbres_free(secs);
	if (rc == DB_OK && !found) {
		db_rollback(db);
		why->reason = "section_invalid";
		return DOM_INVALID;
	}
	if (rc == DB_OK)
		rc = db_exec(db, STMT_SEAT_UPDATE, &changed, NULL, "issiisii", section, row, label,
		    x, y, category, seat, venue);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_VENUE_SECTIONS_PRUNE, NULL, NULL, "i", venue);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		if (rc == DB_DUP) {
			why->reason = "seat_taken";
			return DOM_CONFLICT;
		}
		return venue_db(rc);
	}
	return DOM_OK;
}

enum dom_rc
venue_seat_delete(struct db *db, const struct user *u, int64_t venue, int64_t seat,
    struct plan_refusal *why)
{
	enum dom_rc	 drc;
	enum db_rc	 rc;

	if ((drc = plan_edit_begin(db, u, venue, why)) != DOM_OK)
		return drc;
	rc = db_exec(db, STMT_SEAT_DEL, NULL, NULL, "ii", seat, venue);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_VENUE_SECTIONS_PRUNE, NULL, NULL, "i", venue);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_VENUE_SYNC_CAPACITY, NULL, NULL, "ii", venue, venue);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return venue_db(rc);
	}
	return DOM_OK;
}
