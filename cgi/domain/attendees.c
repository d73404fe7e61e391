/*
 * An event's orders and attendees, for the people who manage it: the
 * search behind the list, one order, cancelling for a buyer (the holder's
 * own cancellation in tickets.c, so the place, the waiting list, the
 * calendars and the mail behave the same), resending the tickets, and the
 * rows the exports and the guest list print.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/access.h"
#include "domain/attendees.h"
#include "domain/guests.h"
#include "domain/tickets.h"
#include "lib/codes.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/buyer_mail.h"

/* How long the guest's link in a resent mail works: as the purchase's. */
#define RESEND_GUEST_SECONDS	(30 * 24 * 3600)

enum dom_rc
attendees_allowed(struct db *db, const struct user *u, int64_t event)
{
	enum eaccess	 a;
	enum db_rc	 rc;

	if ((rc = event_access(db, u, event, &a)) != DB_OK)
		return dom_from_db(rc);
	if (a == EA_DOOR)
		return DOM_FORBIDDEN;
	return a == EA_MANAGE ? DOM_OK : DOM_NOT_FOUND;
}

enum dom_rc
attendees_search(struct db *db, int64_t event, const struct att_query *q,
    struct dbres **res)
{
	const char	*st = NULL;
	char		*like = NULL, code[25];
	const char	*exact = NULL;
	enum db_rc	 rc;

	*res = NULL;
	if (q->status != NULL && *q->status != '\0') {
		if (strcmp(q->status, "valid") != 0 && strcmp(q->status, "used") != 0 &&
		    strcmp(q->status, "cancelled") != 0)
			return DOM_INVALID;
		st = q->status;
	}
	if (q->text != NULL && *q->text != '\0') {
		like = like_contains(q->text);
		/* a typed code, grouped or not, matches its ticket exactly */
		exact = ticket_code_norm(q->text, code) == 0 ? code : "";
	}
	rc = db_query(db, STMT_ATT_SEARCH, res, "issssssssii", event, st, st, st, like, like,
	    like, like, exact, q->limit, q->offset);
	free(like);
	return dom_from_db(rc);
}

enum dom_rc
attendees_order(struct db *db, int64_t event, int64_t order, struct dbres **o,
    struct dbres **tickets)
{
	enum db_rc rc;

	*tickets = NULL;
	if ((rc = db_query(db, STMT_ATT_ORDER, o, "ii", order, event)) != DB_OK)
		return dom_from_db(rc);
	if ((*o)->nrows == 0) {
		dbres_free(*o);
		*o = NULL;
		return DOM_NOT_FOUND;
	}
	if ((rc = db_query(db, STMT_ATT_ORDER_TICKETS, tickets, "i", order)) != DB_OK) {
		dbres_free(*o);
		*o = NULL;
		return dom_from_db(rc);
	}
	return DOM_OK;
}

/* The order is cancelled once none of its tickets is live. */
static enum dom_rc
order_close(struct db *db, int64_t order)
{
	return dom_from_db(db_exec(db, STMT_ATT_ORDER_CLOSE, NULL, NULL, "ii", order, order));
}

enum dom_rc
attendees_cancel_ticket(struct app *app, int64_t event, const char *code, int64_t *order,
    const char **reason)
{
	enum dom_rc rc;

	if ((rc = ticket_cancel_for_event(app, event, code, order, reason)) != DOM_OK)
		return rc;
	return order_close(app->db, *order);
}

enum dom_rc
attendees_cancel_order(struct app *app, int64_t event, int64_t order, int64_t *n,
    const char **reason)
{
	struct dbres	*o = NULL, *t = NULL;
	enum dom_rc	 rc;
	int64_t		 oid;
	size_t		 i;

	*n = 0;
	*reason = NULL;
	if ((rc = attendees_order(app->db, event, order, &o, &t)) != DOM_OK)
		return rc;
	/* each ticket its own transaction and mail, as when holders cancel */
	for (i = 0; i < t->nrows && rc == DOM_OK; i++) {
		if (strcmp(dbres_get(t, i, "status"), "valid") != 0)
			continue;
		rc = ticket_cancel_for_event(app, event, dbres_get(t, i, "code"), &oid, reason);
		if (rc == DOM_CONFLICT && *reason != NULL &&
		    strcmp(*reason, "ticket_not_valid") == 0) {
			rc = DOM_OK;	/* cancelled meanwhile: nothing to do */
			*reason = NULL;
		} else if (rc == DOM_OK)
			(*n)++;
	}
	if (rc == DOM_OK && *n == 0) {
		*reason = "ticket_not_valid";
		rc = DOM_CONFLICT;
	}
	if (*n > 0 && rc == DOM_OK)
		rc = order_close(app->db, order);
	dbres_free(o);
	dbres_free(t);
	return rc;
}

/*
 * The tickets again: the same confirmation job a purchase queues (the job
 * runner composes it from the order), only while the order has a live ticket.
 */
enum dom_rc
attendees_resend(struct app *app, int64_t event, int64_t order, const char **reason)
{
	struct dbres	*o = NULL, *t = NULL;
	char		*key = NULL;
	enum dom_rc	 rc;
	enum db_rc	 drc;
	size_t		 i, live = 0;

	*reason = NULL;
	if ((rc = attendees_order(app->db, event, order, &o, &t)) != DOM_OK)
		return rc;
	for (i = 0; i < t->nrows; i++)
		if (strcmp(dbres_get(t, i, "status"), "valid") == 0)
			live++;
	if (live == 0) {
		*reason = "no_valid_tickets";
		rc = DOM_CONFLICT;
		goto out;
	}
	if (dbres_get(o, 0, "user_id") == NULL)
		key = guest_sign(app, dbres_get(o, 0, "buyer_email"),
		    time(NULL) + RESEND_GUEST_SECONDS);
	/* the mail is queued in a transaction of its own, as every mail */
	if ((drc = db_begin(app->db)) == DB_OK)
		drc = buyer_mail_purchase(app, order, key);
	if (drc == DB_OK)
		drc = db_commit(app->db);
	if (drc != DB_OK) {
		db_rollback(app->db);
		rc = dom_from_db(drc);
	}
out:
	free(key);
	dbres_free(o);
	dbres_free(t);
	return rc;
}

enum dom_rc
attendees_export(struct db *db, int64_t event, struct dbres **res)
{
	return dom_from_db(db_query(db, STMT_ATT_EXPORT, res, "i", event));
}

enum dom_rc
attendees_orders(struct db *db, int64_t event, struct dbres **res)
{
	return dom_from_db(db_query(db, STMT_ATT_ORDERS, res, "i", event));
}

enum dom_rc
attendees_guests(struct db *db, int64_t event, struct dbres **res)
{
	return dom_from_db(db_query(db, STMT_ATT_GUESTS, res, "i", event));
}
