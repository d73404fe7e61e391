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

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/tickets.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/outbox.h"
#include "core/core.h"	/* upward: pages split out in the layers work */
#include "core/forms.h"
#include "pages/pages.h"

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
	char		*cart = NULL, *link = NULL, when[64];
	uint64_t	 got = 0;
	int		 hours = conf_int(app->conf, "Waitlist.OfferHours", 24);
	int64_t		 uid;
	HDF		*m = NULL;
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
	rc = db_exec(app->db, STMT_WL_OFFER, NULL, NULL, "isni", (int64_t)hours, cart, seat_id,
	    dbres_int(w, 0, "id"));
	if (rc == DB_OK)
		rc = db_query(app->db, STMT_TK_EVENT, &ev, "i", event_id);
	if (rc != DB_OK || ev->nrows == 0)
		goto out;
	if (hdf_init(&m) != STATUS_OK) {
		rc = DB_ERR;
		goto out;
	}
	link = xasprintf("%s/waitlist/claim?token=%s", conf_str(app->conf, "Site.BaseURL", ""),
	    cart);
	format_local(db_time_parse(dbres_get(ev, 0, "starts_at")), when, sizeof(when),
	    "%d.%m.%Y %H:%M");
	hdf_set_value(m, "Mail.Name", dbres_get(w, 0, "first_name"));
	hdf_set_value(m, "Mail.Event", dbres_get(ev, 0, "name"));
	hdf_set_value(m, "Mail.When", when);
	hdf_set_int_value(m, "Mail.Hours", hours);
	hdf_set_value(m, "Mail.Link", link);
	l = lang_parse(dbres_get(w, 0, "lang"));
	rc = mail_compose_queue(app, l < 0 ? LANG_EN : (enum lang)l, m, "waitlist_offer",
	    "Lang.Mail.WaitlistOffer.Subject", dbres_get(w, 0, "email"));
	if (rc == DB_OK)
		klog("waitlist: event %lld offered to user %lld", (long long)event_id, (long long)uid);
out:
	hdf_destroy(&m);
	free(link);
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

/* POST /events/{id}/waitlist */
void
h_waitlist_join(struct req *r)
{
	int64_t		 id = req_param_id(r, 0);
	struct dbres	*ev = NULL;
	enum db_rc	 rc;
	char		*loc;

	rc = db_query(r->app->db, STMT_TK_EVENT, &ev, "i", id);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	if (ev->nrows == 0 || strcmp(dbres_get(ev, 0, "status"), "published") != 0 ||
	    !dbres_int(ev, 0, "future")) {
		dbres_free(ev);
		req_error(r, 404, NULL);
		return;
	}
	/* only a full event has a queue: otherwise a place is there to buy now */
	if (dbres_int(ev, 0, "sold") + dbres_int(ev, 0, "held") < dbres_int(ev, 0, "capacity")) {
		dbres_free(ev);
		req_flash(r, "waitlist_not_full");
		loc = xasprintf("/events/%lld", (long long)id);
		req_redirect(r, loc);
		free(loc);
		return;
	}
	dbres_free(ev);
	rc = db_exec(r->app->db, STMT_WL_JOIN, NULL, NULL, "ii", id, r->user.id);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	req_flash(r, "waitlist_joined");
	loc = xasprintf("/events/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/* GET /waitlist/claim?token=: the offered hold moves into this visitor's cart. */
void
h_waitlist_claim(struct req *r)
{
	const char	*tok = req_query(r, "token");
	struct dbres	*w = NULL;
	enum db_rc	 rc;
	uint64_t	 n = 0;
	const char	*cart;

	if (tok == NULL || strlen(tok) != 43) {
		req_error(r, 404, "token_invalid");
		return;
	}
	if ((cart = cart_token(r)) == NULL) {
		req_error(r, 500, NULL);
		return;
	}
	if ((rc = db_begin(r->app->db)) == DB_OK)
		rc = db_query(r->app->db, STMT_WL_GET, &w, "s", tok);
	if (rc == DB_OK && (w->nrows == 0 || dbres_int(w, 0, "user_id") != r->user.id ||
	    strcmp(dbres_get(w, 0, "state"), "offered") != 0 || !dbres_int(w, 0, "live"))) {
		db_rollback(r->app->db);
		dbres_free(w);
		req_error(r, 404, "token_invalid");
		return;
	}
	if (rc == DB_OK)
		rc = db_exec(r->app->db, STMT_WL_CLAIM_HOLDS, &n, NULL, "sis", cart, r->user.id, tok);
	if (rc == DB_OK)
		rc = db_exec(r->app->db, STMT_WL_DONE, NULL, NULL, "i", dbres_int(w, 0, "id"));
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	dbres_free(w);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	req_flash(r, n > 0 ? "waitlist_claimed" : "hold_expired");
	req_redirect(r, "/cart");
}
