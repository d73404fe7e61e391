/*
 * The door: one scan, and the counts beside it.  The page (pages/checkin.c)
 * maps the verdict to a status and a panel; nothing here knows a request.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/access.h"
#include "domain/checkin.h"
#include "domain/result.h"
#include "lib/codes.h"
#include "lib/util.h"

const char *const door_verdict_names[DOOR__MAX] = {
	[DOOR_OK] = "ok",
	[DOOR_USED] = "already",
	[DOOR_WRONG_EVENT] = "wrong_event",
	[DOOR_CANCELLED] = "cancelled",
	[DOOR_UNKNOWN] = "invalid",
};

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/* The ticket's facts the door panel shows, from a STMT_DOOR_TICKET row. */
static void
scan_fill(struct door_scan *out, const struct dbres *t)
{
	const char *at = dbres_get(t, 0, "checked_in_at");

	out->holder = dup_or_null(dbres_get(t, 0, "buyer_name"));
	if (dbres_get(t, 0, "seat_id") != NULL) {
		out->section = dup_or_null(dbres_get(t, 0, "section"));
		out->row = dup_or_null(dbres_get(t, 0, "row_label"));
		out->seat = dup_or_null(dbres_get(t, 0, "seat_label"));
	}
	out->door = dup_or_null(dbres_get(t, 0, "checked_in_door"));
	out->at = at != NULL ? db_time_parse(at) : 0;
}

/*
 * Another event's ticket: the door learns only that.  Its event is named,
 * with its id for a link to that door, only when the scanner works that
 * event too; holder and seat never.
 */
static enum db_rc
wrong_event(struct db *db, const struct user *by, const struct dbres *t,
    struct door_scan *out)
{
	enum eaccess	 a = EA_NONE;
	enum db_rc	 rc;

	out->verdict = DOOR_WRONG_EVENT;
	out->code[0] = '\0';
	if ((rc = event_access(db, by, dbres_int(t, 0, "event_id"), &a)) != DB_OK)
		return rc;
	if (a != EA_NONE) {
		out->other_event = dup_or_null(dbres_get(t, 0, "event_name"));
		out->other_event_id = dbres_int(t, 0, "event_id");
	}
	return DB_OK;
}

enum dom_rc
door_scan(struct db *db, int64_t event_id, const char *raw, const char *door,
    const struct user *by, struct door_scan *out)
{
	struct dbres	*t = NULL;
	const char	*status, *slash;
	enum db_rc	 rc;
	uint64_t	 n = 0;
	enum dom_rc	 drc = DOM_OK;

	memset(out, 0, sizeof(*out));
	out->verdict = DOOR_UNKNOWN;
	/* a scanned QR gives the whole URL: the code is its last part */
	if (raw != NULL && (slash = strrchr(raw, '/')) != NULL)
		raw = slash + 1;
	if (ticket_code_norm(raw, out->code) != 0) {
		out->code[0] = '\0';
		goto out;
	}
	if ((rc = db_query(db, STMT_DOOR_TICKET, &t, "s", out->code)) != DB_OK) {
		drc = dom_from_db(rc);
		t = NULL;
		goto out;
	}
	if (t->nrows == 0) {
		out->code[0] = '\0';
		goto out;
	}
	status = dbres_get(t, 0, "status");
	if (dbres_int(t, 0, "event_id") != event_id) {
		if ((rc = wrong_event(db, by, t, out)) != DB_OK)
			drc = dom_from_db(rc);
		goto out;
	}
	if (strcmp(status, "cancelled") == 0 || strcmp(status, "voided") == 0) {
		out->verdict = DOOR_CANCELLED;
		scan_fill(out, t);
		goto out;
	}
	rc = db_exec(db, STMT_DOOR_USE, &n, NULL, "siu", door != NULL && *door != '\0' ?
	    door : NULL, by->id, (uint64_t)dbres_int(t, 0, "id"));
	if (rc != DB_OK) {
		drc = dom_from_db(rc);
		goto out;
	}
	out->verdict = n == 1 ? DOOR_OK : DOOR_USED;
	/* read again: the other door's time and name when it won */
	dbres_free(t);
	if ((rc = db_query(db, STMT_DOOR_TICKET, &t, "s", out->code)) != DB_OK) {
		drc = dom_from_db(rc);
		t = NULL;
		goto out;
	}
	if (t->nrows == 1)
		scan_fill(out, t);
out:
	dbres_free(t);
	return drc;
}

void
door_scan_free(struct door_scan *s)
{
	free(s->holder);
	free(s->section);
	free(s->row);
	free(s->seat);
	free(s->door);
	free(s->other_event);
	memset(s, 0, sizeof(*s));
}

enum dom_rc
door_counts(struct db *db, int64_t event_id, int64_t *inside, int64_t *expected)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	*inside = *expected = 0;
	if ((rc = db_query(db, STMT_DOOR_COUNTS, &res, "i", event_id)) != DB_OK)
		return dom_from_db(rc);
	if (res->nrows == 1) {
		*inside = dbres_int(res, 0, "inside");
		*expected = dbres_int(res, 0, "expected");
	}
	dbres_free(res);
	return DOM_OK;
}
