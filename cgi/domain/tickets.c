/*
 * A holder's changes to a ticket.  Each is one transaction with what it
 * sets off (the waiting list's offer, the calendar bump, Google sync and
 * the holder's mail in notify.c), retried on a deadlock.
 */
#include "config.h"

#include <string.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/result.h"
#include "domain/payments.h"
#include "domain/tickets.h"
#include "domain/waitlist.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "notify/notify.h"

/*
 * Loads a ticket by code for its holder: DOM_OK with *t (the caller's),
 * DOM_NOT_FOUND for a bad code or someone else's ticket — never
 * "forbidden": codes are secrets.
 */
static enum dom_rc
holder_ticket(struct db *db, int64_t user_id, const char *guest, const char *raw,
    struct dbres **t)
{
	char		 code[25];
	enum db_rc	 rc;

	*t = NULL;
	if (ticket_code_norm(raw, code) != 0)
		return DOM_NOT_FOUND;
	if ((rc = db_query(db, STMT_TK_TICKET_GET, t, "s", code)) != DB_OK)
		return dom_from_db(rc);
	/* the account's own, or a guest order's whose address the mailed link proved */
	if ((*t)->nrows == 0 || !((user_id != 0 && dbres_get(*t, 0, "user_id") != NULL &&
	    dbres_int(*t, 0, "user_id") == user_id) || (guest != NULL &&
	    dbres_get(*t, 0, "user_id") == NULL &&
	    strcmp(dbres_get(*t, 0, "buyer_email"), guest) == 0))) {
		dbres_free(*t);
		*t = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

/* A ticket by code if it is event `event`'s; DOM_NOT_FOUND else. */
static enum dom_rc
event_ticket(struct db *db, int64_t event, const char *raw, struct dbres **t)
{
	char		 code[25];
	enum db_rc	 rc;

	*t = NULL;
	if (ticket_code_norm(raw, code) != 0)
		return DOM_NOT_FOUND;
	if ((rc = db_query(db, STMT_TK_TICKET_GET, t, "s", code)) != DB_OK)
		return dom_from_db(rc);
	if ((*t)->nrows == 0 || dbres_int(*t, 0, "event_id") != event) {
		dbres_free(*t);
		*t = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

/* One try of the cancellation; *n is 0 when the ticket was no longer valid. */
static enum db_rc
cancel_tx(struct app *app, const struct dbres *t, uint64_t *n)
{
	int64_t		 ev = dbres_int(t, 0, "event_id");
	enum db_rc	 rc;

	*n = 0;
	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_exec(app->db, STMT_TK_TICKET_CANCEL, n, NULL, "i", dbres_int(t, 0, "id"));
	if (rc == DB_OK && *n == 1)
		rc = db_exec(app->db, STMT_TK_UNSELL, NULL, NULL, "i", ev);
	if (rc == DB_OK && *n == 1)
		rc = db_exec(app->db, STMT_TK_BUYER_SUB, NULL, NULL, "is", ev,
		    dbres_get(t, 0, "buyer"));
	/* payments.c: a paid ticket's price goes back through the provider (a job) */
	if (rc == DB_OK && *n == 1)
		rc = pay_refund_ticket(app, dbres_int(t, 0, "id"));
	if (rc == DB_OK && *n == 1)
		rc = waitlist_offer_next(app, ev, dbres_get(t, 0, "seat_id") ?
		    dbres_int(t, 0, "seat_id") : 0);
	/* notify.c: calendar SEQUENCE, Google sync and the holder's mail */
	if (rc == DB_OK && *n == 1)
		rc = notify_ticket(app, dbres_int(t, 0, "id"), TC_CANCELLED);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK)
		db_rollback(app->db);
	return rc;
}

/* The checks and the transaction, for whoever loaded the ticket. */
static enum dom_rc
cancel_loaded(struct app *app, struct dbres *t, const char **reason)
{
	enum dom_rc	 drc = DOM_OK;
	enum db_rc	 rc = DB_ERR;
	uint64_t	 n = 0;
	int		 attempt;

	if (strcmp(dbres_get(t, 0, "status"), "valid") != 0) {
		*reason = "ticket_not_valid";
		drc = DOM_CONFLICT;
		goto out;
	}
	if (!dbres_int(t, 0, "future") || strcmp(dbres_get(t, 0, "event_status"), "published") != 0) {
		*reason = "event_closed";
		drc = DOM_CONFLICT;
		goto out;
	}
	for (attempt = 0; attempt < DOM_TX_TRIES; attempt++)
		if ((rc = cancel_tx(app, t, &n)) != DB_RETRY)
			break;
	if (rc != DB_OK)
		drc = dom_from_db(rc);
	else if (n == 0) {
		*reason = "ticket_not_valid";
		drc = DOM_CONFLICT;
	}
out:
	return drc;
}

enum dom_rc
ticket_cancel(struct app *app, int64_t user_id, const char *guest, const char *raw,
    const char **reason)
{
	struct dbres	*t = NULL;
	enum dom_rc	 drc;

	*reason = NULL;
	if ((drc = holder_ticket(app->db, user_id, guest, raw, &t)) != DOM_OK)
		return drc;
	drc = cancel_loaded(app, t, reason);
	dbres_free(t);
	return drc;
}

enum dom_rc
ticket_cancel_for_event(struct app *app, int64_t event, const char *raw, int64_t *order,
    const char **reason)
{
	struct dbres	*t = NULL;
	enum dom_rc	 drc;

	*reason = NULL;
	*order = 0;
	if ((drc = event_ticket(app->db, event, raw, &t)) != DOM_OK)
		return drc;
	*order = dbres_int(t, 0, "order_id");
	drc = cancel_loaded(app, t, reason);
	dbres_free(t);
	return drc;
}

/*
 * One try of the seat change: a single UPDATE that the unique key on live
 * seats referees, in one transaction with the calendar bump, Google sync
 * and mail (notify.c).
 */
static enum db_rc
seat_tx(struct app *app, const struct dbres *t, int64_t seat, uint64_t *n)
{
	enum db_rc	 rc;

	*n = 0;
	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_exec(app->db, STMT_TK_SEAT_SWAP, n, NULL, "ii", seat, dbres_int(t, 0, "id"));
	if (rc == DB_OK && *n == 1)
		rc = db_exec(app->db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i",
		    dbres_int(t, 0, "event_id"));
	if (rc == DB_OK && *n == 1)
		rc = notify_ticket(app, dbres_int(t, 0, "id"), TC_SEAT);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	else
		db_rollback(app->db);
	return rc;
}

enum dom_rc
ticket_change_seat(struct app *app, int64_t user_id, const char *guest, const char *raw,
    int64_t seat, const char **reason)
{
	struct dbres	*t = NULL;
	enum dom_rc	 drc;
	enum db_rc	 rc = DB_ERR;
	uint64_t	 n = 0;
	int		 attempt;

	*reason = NULL;
	if ((drc = holder_ticket(app->db, user_id, guest, raw, &t)) != DOM_OK)
		return drc;
	if (strcmp(dbres_get(t, 0, "status"), "valid") != 0 || dbres_get(t, 0, "seat_id") == NULL ||
	    !dbres_int(t, 0, "future") || strcmp(dbres_get(t, 0, "event_status"), "published") != 0) {
		*reason = "ticket_not_valid";
		drc = DOM_CONFLICT;
		goto out;
	}
	for (attempt = 0; attempt < DOM_TX_TRIES; attempt++)
		if ((rc = seat_tx(app, t, seat, &n)) != DB_RETRY)
			break;
	if (rc == DB_DUP) {
		*reason = "seat_taken";
		drc = DOM_CONFLICT;
	} else if (rc != DB_OK)
		drc = dom_from_db(rc);
	else if (n == 0) {
		/* not a seat of this hall, another category, or held by someone */
		*reason = "seat_unavailable";
		drc = DOM_CONFLICT;
	}
out:
	dbres_free(t);
	return drc;
}
