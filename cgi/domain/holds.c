/*
 * Holds.  The database is the referee: a seat is held by one cart only
 * (unique key holds(event_id, seat_id)); general admission places are
 * counted in events.held and only ever changed by conditional updates
 * ("... WHERE sold + held + n <= capacity"), so no read-then-write in C
 * can oversell.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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
cart_release_one(struct db *db, const char *cart, int64_t event_id, int64_t hold_id)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	rc = db_query(db, STMT_TK_CART_DROP_ONE, &res, "isi", hold_id, cart, event_id);
	if (rc != DB_OK)
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

/* The hold_clients keys remembering an address's and a cart's time on an event. */
static void
since_keys(const struct hold_client *c, int64_t ev, char *k[2])
{
	k[0] = xasprintf("ae:%.60s:%lld", c->addr, (long long)ev);
	k[1] = xasprintf("ce:%s:%lld", c->cart, (long long)ev);
}

/*
 * The fairness of a cart hold, before the cart's old holds on the event
 * are replaced: takes the lock rows of the client (address, cart, user;
 * always in that order, so two holds never wait on each other in a
 * circle), then counts what the client holds elsewhere.  Under those locks
 * nobody else adds to the same client's holds, so the count and the hold
 * that follows are one step (READ COMMITTED: the count sees every hold
 * committed before the lock was granted).
 *
 * n new places of event ev, up to the event's max per person (bought
 * counts for a signed-in buyer, c->buyer "u:<id>").  DB_OK with *ttl cut
 * to what is left of Limits.HoldMaxSeconds and *age the seconds the cart
 * or address has held the event (its live holds, or hold_clients' memory
 * of holds that lapsed less than Limits.HoldCooldownSeconds ago); or
 * DB_ERR with *why and *reason (hold_limit, limit_exceeded,
 * hold_time_up); or the database's code.
 */
enum db_rc
hold_fair(struct db *db, const struct hold_client *c, int64_t ev, int64_t *np, int add,
    int64_t max_pp, int *ttl, int64_t *age, int *capped, enum dom_rc *why, const char **reason)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc = DB_OK;
	int64_t		 addr = 0, addr_ev = 0, cart = 0, user = 0, q, bought = 0, own = 0;
	int64_t		 n = *np, room;
	size_t		 i;
	char		*k[3];
	int		 mine;

	*age = 0;
	*capped = 0;
	*why = DOM_OK;
	k[0] = xasprintf("a:%.60s", c->addr);
	k[1] = xasprintf("c:%s", c->cart);
	k[2] = c->user_id != 0 ? xasprintf("u:%lld", (long long)c->user_id) : NULL;
	for (i = 0; rc == DB_OK && i < 3; i++)
		if (k[i] != NULL)
			rc = db_exec(db, STMT_TK_HOLD_LOCK, NULL, NULL, "s", k[i]);
	for (i = 0; i < 3; i++)
		free(k[i]);
	if (rc != DB_OK)
		goto out;
	rc = db_query(db, STMT_TK_HOLD_LOAD, &res, "sssniss", c->addr, c->cart, c->addr,
	    c->user_id, ev, c->cart, c->addr);
	if (rc != DB_OK)
		goto out;
	for (i = 0; i < res->nrows; i++) {
		q = dbres_int(res, i, "quantity");
		mine = strcmp(dbres_get(res, i, "cart"), c->cart) == 0;
		if (dbres_int(res, i, "event_id") == ev) {
			/* the cart's own holds here are about to be replaced: only their age counts */
			if ((mine || strcmp(dbres_get(res, i, "client"), c->addr) == 0) &&
			    dbres_int(res, i, "age") > *age)
				*age = dbres_int(res, i, "age");
			if (mine) {
				own += q;
				continue;
			}
		}
		if (strcmp(dbres_get(res, i, "client"), c->addr) == 0) {
			addr += q;
			if (dbres_int(res, i, "event_id") == ev)
				addr_ev += q;
		}
		if (mine)
			cart += q;
		if (c->user_id != 0 && dbres_get(res, i, "user_id") != NULL &&
		    dbres_int(res, i, "user_id") == c->user_id && dbres_int(res, i, "event_id") == ev)
			user += q;
	}
	dbres_free(res);
	res = NULL;
	/* a hold that lapsed lately and is taken again still counts from its first time */
	since_keys(c, ev, k);
	rc = db_query(db, STMT_TK_HOLD_SINCE, &res, "ssi", k[0], k[1], c->lim.cooldown);
	free(k[0]);
	free(k[1]);
	if (rc != DB_OK)
		goto out;
	for (i = 0; i < res->nrows; i++)
		if (dbres_int(res, i, "age") > *age)
			*age = dbres_int(res, i, "age");
	dbres_free(res);
	res = NULL;
	if (c->user_id != 0) {
		if ((rc = db_query(db, STMT_TK_BUYER_GET, &res, "is", ev, c->buyer)) != DB_OK)
			goto out;
		bought = res->nrows == 1 ? dbres_int(res, 0, "tickets") : 0;
	}
	/*
	 * Adding general places to what the cart holds: up to the person's
	 * limit, cut there (*capped) rather than refused, unless nothing fits.
	 */
	room = max_pp - user - bought;
	if (add) {
		n += own;
		if (n > room && room > own) {
			n = room;
			*capped = 1;
		}
	}
	*np = n;
	if ((c->lim.per_cart > 0 && cart + n > c->lim.per_cart) ||
	    (c->lim.per_addr > 0 && addr + n > c->lim.per_addr) ||
	    (c->lim.per_addr_event > 0 && addr_ev + n > c->lim.per_addr_event)) {
		*why = DOM_LIMIT;
		*reason = "hold_limit";
	} else if (n > room) {
		/* the limit is the buyer's, whichever of their carts holds the places */
		*why = DOM_LIMIT;
		*reason = add && own > 0 && own >= room ? "limit_reached" : "limit_exceeded";
	} else if (c->lim.max_seconds > 0 && *age >= c->lim.max_seconds) {
		*why = DOM_CONFLICT;
		*reason = "hold_time_up";
	} else if (c->lim.max_seconds > 0 && c->lim.max_seconds - *age < *ttl)
		*ttl = (int)(c->lim.max_seconds - *age);
	if (*why != DOM_OK)
		rc = DB_ERR;
out:
	dbres_free(res);
	return rc;
}

enum db_rc
hold_mark(struct db *db, const struct hold_client *c, int64_t ev, int64_t age, int ttl)
{
	enum db_rc	 rc;
	char		*k[2];
	size_t		 i;

	rc = db_exec(db, STMT_TK_HOLD_MARK, NULL, NULL, "sisi", c->addr, age, c->cart, ev);
	since_keys(c, ev, k);
	for (i = 0; rc == DB_OK && i < 2; i++)
		rc = db_exec(db, STMT_TK_HOLD_SINCE_SET, NULL, NULL, "sii", k[i], age, (int64_t)ttl);
	free(k[0]);
	free(k[1]);
	return rc;
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
	/* lock rows of clients gone for a day (hold_fair) */
	if (rc == DB_OK)
		rc = db_exec(db, STMT_TK_HOLD_LOCKS_SWEEP, NULL, NULL, "");
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
}
