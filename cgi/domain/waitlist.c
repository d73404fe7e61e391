/*
 * The waitlist of a full event.  When a ticket is cancelled the first in
 * line gets the freed place held for them for 24 hours (Waitlist.OfferHours)
 * and a mail with a link that moves that hold into their cart.  An offer
 * that runs out passes the place to the next in line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/holds.h"
#include "domain/result.h"
#include "domain/waitlist.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/buyer_mail.h"

/*
 * Runs inside the caller's transaction, right after a place was freed
 * (seat_id for a seated event, 0 for general admission).  No one waiting
 * is not an error.
 */
enum db_rc
waitlist_offer_next(struct app *app, int64_t event_id, int64_t seat_id)
{
	struct dbres	*w = NULL, *ev = NULL;
	enum db_rc	 rc;
	char		*cart = NULL;
	uint64_t	 got = 0;
	int		 hours = conf_int(app->conf, "Waitlist.OfferHours", 24);
	int64_t		 uid;
	int		 l;

	rc = db_query(app->db, STMT_WL_NEXT, &w, "i", event_id);
	if (rc != DB_OK || w->nrows == 0)
		goto out;
	uid = dbres_int(w, 0, "user_id");
	if ((cart = random_token(32)) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	if (seat_id != 0)
		rc = db_exec(app->db, STMT_TK_HOLD_SEAT_FOR, &got, NULL, "siiii", cart, uid,
		    (int64_t)hours, seat_id, event_id);
	else {
		rc = db_exec(app->db, STMT_TK_HOLD_GA_RESERVE, &got, NULL, "iii", (int64_t)1,
		    event_id, (int64_t)1);
		if (rc == DB_OK && got == 1)
			rc = db_exec(app->db, STMT_TK_HOLD_GA_ADD, NULL, NULL, "siiii", cart, uid,
			    (int64_t)1, (int64_t)hours * 3600, event_id);
	}
	if (rc != DB_OK || got == 0)
		goto out;	/* the place went elsewhere meanwhile: nothing to offer */
	if (seat_id != 0 &&
	    (rc = db_exec(app->db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i", event_id)) != DB_OK)
		goto out;
	rc = db_exec(app->db, STMT_WL_OFFER, NULL, NULL, "isni", (int64_t)hours, cart, seat_id,
	    dbres_int(w, 0, "id"));
	if (rc == DB_OK)
		rc = db_query(app->db, STMT_TK_EVENT, &ev, "i", event_id);
	if (rc != DB_OK || ev->nrows == 0)
		goto out;
	l = lang_parse(dbres_get(w, 0, "lang"));
	rc = buyer_mail_waitlist_offer(app, l < 0 ? LANG_EN : (enum lang)l,
	    dbres_get(w, 0, "email"), dbres_get(w, 0, "first_name"), dbres_get(ev, 0, "name"),
	    db_time_parse(dbres_get(ev, 0, "starts_at")), hours, cart);
	if (rc == DB_OK)
		klog("waitlist: event %lld offered to user %lld", (long long)event_id, (long long)uid);
out:
	free(cart);
	dbres_free(w);
	dbres_free(ev);
	return rc;
}

/*
 * Drops the holds of a run-out offer (its cart) and gives general places
 * back.  Not left to the holds' own expiry: the offer's deadline is whole
 * seconds and can pass a moment before its hold's, and a place still held
 * then would never reach the next in line.
 */
static enum db_rc
offer_drop(struct app *app, const char *cart, int64_t event_id)
{
	return cart == NULL ? DB_OK : cart_release(app->db, cart, event_id);
}

/* The job runner: offers that ran out pass to the next in line. */
void
waitlist_sweep(struct app *app)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	size_t		 i;

	if (db_begin(app->db) != DB_OK)
		return;
	rc = db_query(app->db, STMT_WL_EXPIRED, &res, "");
	for (i = 0; rc == DB_OK && i < res->nrows; i++) {
		rc = db_exec(app->db, STMT_WL_EXPIRE, NULL, NULL, "i", dbres_int(res, i, "id"));
		/* the day-long hold goes with it, now, and the place passes on */
		if (rc == DB_OK)
			rc = offer_drop(app, dbres_get(res, i, "offer_cart"),
			    dbres_int(res, i, "event_id"));
		if (rc == DB_OK)
			rc = holds_release_expired(app->db, dbres_int(res, i, "event_id"));
		if (rc == DB_OK)
			rc = waitlist_offer_next(app, dbres_int(res, i, "event_id"),
			    dbres_get(res, i, "offer_seat") ? dbres_int(res, i, "offer_seat") : 0);
	}
	dbres_free(res);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK)
		db_rollback(app->db);
}

enum dom_rc
waitlist_join(struct app *app, int64_t id, int64_t user_id, const char **reason)
{
	struct dbres	*ev = NULL;
	enum db_rc	 rc;
	int		 full;

	*reason = NULL;
	if ((rc = db_query(app->db, STMT_TK_EVENT, &ev, "i", id)) != DB_OK)
		return dom_from_db(rc);
	if (ev->nrows == 0 || strcmp(dbres_get(ev, 0, "status"), "published") != 0 ||
	    !dbres_int(ev, 0, "future")) {
		dbres_free(ev);
		return DOM_NOT_FOUND;
	}
	/* only a full event has a queue: otherwise a place is there to buy now */
	full = dbres_int(ev, 0, "sold") + dbres_int(ev, 0, "held") >= dbres_int(ev, 0, "capacity");
	dbres_free(ev);
	if (!full) {
		*reason = "waitlist_not_full";
		return DOM_CONFLICT;
	}
	if ((rc = db_exec(app->db, STMT_WL_JOIN, NULL, NULL, "ii", id, user_id)) != DB_OK)
		return dom_from_db(rc);
	return DOM_OK;
}

/* One try of the claim's transaction: DB_OK, DB_ERR with *mine 0 for no offer of theirs. */
static enum db_rc
claim_tx(struct app *app, int64_t user_id, const char *tok, const char *cart, int *mine,
    uint64_t *n)
{
	struct dbres	*w = NULL;
	enum db_rc	 rc;

	*mine = 1;
	*n = 0;
	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_query(app->db, STMT_WL_GET, &w, "s", tok);
	if (rc == DB_OK && (w->nrows == 0 || dbres_int(w, 0, "user_id") != user_id ||
	    strcmp(dbres_get(w, 0, "state"), "offered") != 0 || !dbres_int(w, 0, "live"))) {
		*mine = 0;
		rc = DB_ERR;
	}
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_WL_CLAIM_HOLDS, n, NULL, "sis", cart, user_id, tok);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_WL_DONE, NULL, NULL, "i", dbres_int(w, 0, "id"));
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK)
		db_rollback(app->db);
	dbres_free(w);
	return rc;
}

enum dom_rc
waitlist_claim(struct app *app, int64_t user_id, const char *tok, const char *cart,
    int *claimed, const char **reason)
{
	enum db_rc	 rc = DB_ERR;
	uint64_t	 n = 0;
	int		 attempt, mine = 1;

	*reason = NULL;
	*claimed = 0;
	for (attempt = 0; attempt < DOM_TX_TRIES; attempt++)
		if ((rc = claim_tx(app, user_id, tok, cart, &mine, &n)) != DB_RETRY)
			break;
	if (!mine) {
		*reason = "token_invalid";
		return DOM_NOT_FOUND;
	}
	if (rc != DB_OK)
		return dom_from_db(rc);
	*claimed = n > 0;
	return DOM_OK;
}
