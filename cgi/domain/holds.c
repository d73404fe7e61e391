/*
 * Holds.  The database is the referee: a seat is held by one cart only
 * (unique key holds(event_id, seat_id)); general admission places are
 * counted in events.held and only ever changed by conditional updates
 * ("... WHERE sold + held + n <= capacity"), so no read-then-write in C
 * can oversell.
 */
#include "config.h"

#include "db/db.h"
#include "db/stmt.h"
#include "domain/holds.h"
#include "domain/result.h"
#include "lib/util.h"

/*
 * Takes the rows a DELETE ... RETURNING seat_id, quantity removed and gives
 * their general-admission places back to the event (seat holds count in no
 * counter, but change the seat map: its version moves).  Frees res.
 */
static enum db_rc
give_back(struct db *db, struct dbres *res, int64_t event_id)
{
	enum db_rc	 rc = DB_OK;
	int64_t		 ga = 0;
	size_t		 i, seats = 0;

	for (i = 0; i < res->nrows; i++)
		if (dbres_get(res, i, "seat_id") == NULL)
			ga += dbres_int(res, i, "quantity");
		else
			seats++;
	dbres_free(res);
	if (ga > 0)
		rc = db_exec(db, STMT_TK_HELD_DOWN, NULL, NULL, "iii", ga, event_id, ga);
	if (rc == DB_OK && seats > 0)
		rc = db_exec(db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i", event_id);
	return rc;
}

enum db_rc
holds_release_expired(struct db *db, int64_t event_id)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	if ((rc = db_query(db, STMT_TK_RELEASE_EXPIRED, &res, "i", event_id)) != DB_OK)
		return rc;
	return give_back(db, res, event_id);
}

enum db_rc
cart_release(struct db *db, const char *cart, int64_t event_id)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	if ((rc = db_query(db, STMT_TK_CART_DROP, &res, "si", cart, event_id)) != DB_OK)
		return rc;
	return give_back(db, res, event_id);
}

enum db_rc
hold_seats(struct db *db, int64_t ev, const char *cart, int64_t user_id, const int64_t *seats,
    size_t n, int ttl, enum dom_rc *why, const char **reason)
{
	struct dbres	*chk = NULL;
	enum db_rc	 rc;
	uint64_t	 got;
	size_t		 i;

	for (i = 0; i < n; i++) {
		rc = db_exec(db, STMT_TK_HOLD_SEAT, &got, NULL, "snii" "i", cart, user_id,
		    (int64_t)ttl, seats[i], ev);
		if (rc == DB_DUP) {
			*why = DOM_CONFLICT;
			*reason = "seat_taken";
			return DB_ERR;
		}
		if (rc != DB_OK)
			return rc;
		if (got == 1)
			continue;
		/* nothing inserted: not this hall's seat, or sold */
		rc = db_query(db, STMT_TK_SEAT_CHECK, &chk, "ii", ev, seats[i]);
		if (rc != DB_OK)
			return rc;
		*why = chk->nrows == 0 ? DOM_NOT_FOUND : DOM_CONFLICT;
		*reason = chk->nrows == 0 ? "seat_not_found" : "seat_taken";
		dbres_free(chk);
		return DB_ERR;
	}
	return DB_OK;
}

enum db_rc
hold_ga(struct db *db, int64_t ev, const char *cart, int64_t user_id, int64_t qty, int ttl,
    enum dom_rc *why, const char **reason)
{
	enum db_rc	 rc;
	uint64_t	 got = 0;

	rc = db_exec(db, STMT_TK_HOLD_GA_RESERVE, &got, NULL, "iii", qty, ev, qty);
	if (rc != DB_OK)
		return rc;
	if (got == 0) {
		*why = DOM_CONFLICT;
		*reason = "sold_out";
		return DB_ERR;
	}
	return db_exec(db, STMT_TK_HOLD_GA_ADD, NULL, NULL, "sniii", cart, user_id, qty,
	    (int64_t)ttl, ev);
}

void
holds_sweep(struct db *db)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	size_t		 i;

	if (db_begin(db) != DB_OK)
		return;
	rc = db_query(db, STMT_TK_SWEEP, &res, "");
	for (i = 0; rc == DB_OK && i < res->nrows; i++)
		if (dbres_get(res, i, "seat_id") == NULL)
			rc = db_exec(db, STMT_TK_HELD_DOWN, NULL, NULL, "iii",
			    dbres_int(res, i, "quantity"), dbres_int(res, i, "event_id"),
			    dbres_int(res, i, "quantity"));
		else
			rc = db_exec(db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i",
			    dbres_int(res, i, "event_id"));
	if (rc == DB_OK && res->nrows > 0)
		klog("swept %zu expired holds", res->nrows);
	dbres_free(res);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
}
