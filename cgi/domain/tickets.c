/*
 * Buying: holds, checkout, tickets.  The database is the referee:
 *
 *  - a seat is held by one cart only (unique key holds(event_id, seat_id))
 *    and sold once (unique key tickets(event_id, live_seat));
 *  - general admission places are counted in events.held / events.sold and
 *    only ever changed by conditional updates ("... WHERE sold + held + n
 *    <= capacity"), so no read-then-write in C can oversell;
 *  - a buyer's tickets per event are a row in buyer_counts changed the same
 *    way, so two purchases by one buyer serialise on it;
 *  - an order with an Idempotency-Key is unique per buyer and stores its
 *    first answer, which a retry gets back.
 *
 * Everything for one purchase happens in one transaction; a deadlock is
 * retried, any other failure rolls back and sells nothing.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/tickets.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/mail.h"
#include "lib/qr.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/outbox.h"
#include "notify/notify.h"
#include "core/core.h"	/* upward: pages split out in the layers work */
#include "core/forms.h"
#include "pages/pages.h"

#define MAX_SEATS_PER_ORDER	50
#define TX_TRIES		6

/* ---- holds ------------------------------------------------------------- */

/*
 * Takes the rows a DELETE ... RETURNING seat_id, quantity removed and gives
 * their general-admission places back to the event (seat holds count in no
 * counter).  Frees res.
 */
static enum db_rc
give_back(struct db *db, struct dbres *res, int64_t event_id)
{
	enum db_rc	 rc = DB_OK;
	int64_t		 ga = 0;
	size_t		 i;

	for (i = 0; i < res->nrows; i++)
		if (dbres_get(res, i, "seat_id") == NULL)
			ga += dbres_int(res, i, "quantity");
	dbres_free(res);
	if (ga > 0)
		rc = db_exec(db, STMT_TK_HELD_DOWN, NULL, NULL, "iii", ga, event_id, ga);
	return rc;
}

/* Frees the event's expired holds (and the general places they kept). */
enum db_rc
holds_release_expired(struct db *db, int64_t event_id)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	if ((rc = db_query(db, STMT_TK_RELEASE_EXPIRED, &res, "i", event_id)) != DB_OK)
		return rc;
	return give_back(db, res, event_id);
}

/*
 * Drops a cart's holds on one event: a new choice replacing the old one,
 * "remove from cart", a waitlist offer that ran out.
 */
enum db_rc
cart_release(struct db *db, const char *cart, int64_t event_id)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	if ((rc = db_query(db, STMT_TK_CART_DROP, &res, "si", cart, event_id)) != DB_OK)
		return rc;
	return give_back(db, res, event_id);
}

/*
 * Why an event cannot be bought now, as an error code, or NULL.  `ev` is
 * a STMT_TK_EVENT row.
 */
static const char *
not_on_sale(const struct dbres *ev)
{
	const char *st = dbres_get(ev, 0, "status");

	if (strcmp(st, "cancelled") == 0)
		return "event_cancelled";
	if (strcmp(st, "published") != 0 || !dbres_int(ev, 0, "future"))
		return "event_closed";
	if (!dbres_int(ev, 0, "sales_started") || !dbres_int(ev, 0, "sales_open"))
		return "sales_closed";
	return NULL;
}

struct sale {
	struct app	*app;
	struct db	*db;
	struct dbres	*ev;		/* STMT_TK_EVENT row */
	const char	*cart;
	int64_t		 user_id;	/* 0 for a guest */
	char		 buyer[280];	/* "u:<id>" or "e:<email>" */
	const char	*email, *name, *phone;
	enum lang	 lang;
	const char	*idem;		/* Idempotency-Key or NULL */
	const char	*pay_token;	/* for the test provider */
	int		 hold_only;	/* put in the cart, don't buy yet */
	int		 ga_direct;	/* general places bought at once: never counted as held */
	/* the outcome */
	int		 status;
	const char	*err;
	json_t		*answer;
};

/*
 * Puts seats in the cart inside the caller's transaction.  DB_OK, or
 * sale->status/err set (404 seat_not_found, 409 seat_taken) with DB_ERR.
 */
static enum db_rc
hold_seats(struct sale *s, const int64_t *seats, size_t n, int ttl)
{
	struct dbres	*chk = NULL;
	enum db_rc	 rc;
	uint64_t	 got;
	size_t		 i;
	int64_t		 ev = dbres_int(s->ev, 0, "id");

	for (i = 0; i < n; i++) {
		rc = db_exec(s->db, STMT_TK_HOLD_SEAT, &got, NULL, "snii" "i", s->cart, s->user_id,
		    (int64_t)ttl, seats[i], ev);
		if (rc == DB_DUP) {
			s->status = 409;
			s->err = "seat_taken";
			return DB_ERR;
		}
		if (rc != DB_OK)
			return rc;
		if (got == 1)
			continue;
		/* nothing inserted: not this hall's seat, or sold */
		rc = db_query(s->db, STMT_TK_SEAT_CHECK, &chk, "ii", ev, seats[i]);
		if (rc != DB_OK)
			return rc;
		s->status = chk->nrows == 0 ? 404 : 409;
		s->err = chk->nrows == 0 ? "seat_not_found" : "seat_taken";
		dbres_free(chk);
		return DB_ERR;
	}
	return DB_OK;
}

static enum db_rc
hold_ga(struct sale *s, int64_t qty, int ttl)
{
	enum db_rc	 rc;
	uint64_t	 got = 0;
	int64_t		 ev = dbres_int(s->ev, 0, "id");

	rc = db_exec(s->db, STMT_TK_HOLD_GA_RESERVE, &got, NULL, "iii", qty, ev, qty);
	if (rc != DB_OK)
		return rc;
	if (got == 0) {
		s->status = 409;
		s->err = "sold_out";
		return DB_ERR;
	}
	return db_exec(s->db, STMT_TK_HOLD_GA_ADD, NULL, NULL, "sniii", s->cart, s->user_id,
	    qty, (int64_t)ttl, ev);
}

/*
 * The payment providers.  "free" covers free events and "pay at the
 * door"; "test" approves unless the token says decline.  A real provider
 * would authorise here and capture after commit.
 */
static int
pay(struct sale *s, int64_t total)
{
	const char *prov = conf_str(s->app->conf, "Payments.Provider", "free");

	if (total == 0 || strcmp(prov, "free") == 0)
		return 0;
	if (strcmp(prov, "test") == 0)
		return s->pay_token != NULL && strstr(s->pay_token, "decline") == NULL &&
		    strcmp(s->pay_token, "4000000000000002") != 0 ? 0 : -1;
	klog("Payments.Provider %s is unknown; refusing the payment", prov);
	return -1;
}

/* The confirmation mail, queued in the purchase's transaction. */
static enum db_rc
mail_confirmation(struct sale *s, int64_t order_id, json_t *tickets)
{
	HDF		*m = NULL;
	size_t		 i;
	json_t		*t;
	char		 key[64], when[64], grouped[32], *link;
	enum db_rc	 rc;
	struct mail_part *att;
	size_t		 natt = 0;
	unsigned char	**pngs;

	if (hdf_init(&m) != STATUS_OK)
		return DB_ERR;
	format_local(db_time_parse(dbres_get(s->ev, 0, "starts_at")), when, sizeof(when),
	    "%d.%m.%Y %H:%M");
	hdf_set_value(m, "Mail.Name", s->name);
	hdf_set_value(m, "Mail.Event", dbres_get(s->ev, 0, "name"));
	hdf_set_value(m, "Mail.When", when);
	hdf_set_int_value(m, "Mail.Order", (int)order_id);
	att = calloc(json_array_size(tickets) + 1, sizeof(*att));
	pngs = calloc(json_array_size(tickets) + 1, sizeof(*pngs));
	if (att == NULL || pngs == NULL)
		abort();
	json_array_foreach(tickets, i, t) {
		const char	*code = json_string_value(json_object_get(t, "code"));
		size_t		 plen = 0;
		char		*fname;

		ticket_code_group(code, grouped, sizeof(grouped));
		link = xasprintf("%s/tickets/%s", conf_str(s->app->conf, "Site.BaseURL", ""), code);
		snprintf(key, sizeof(key), "Mail.Tickets.%zu.Code", i);
		hdf_set_value(m, key, grouped);
		snprintf(key, sizeof(key), "Mail.Tickets.%zu.Link", i);
		hdf_set_value(m, key, link);
		if (json_is_object(json_object_get(t, "seat"))) {
			json_t	*st = json_object_get(t, "seat");
			char	*sl = xasprintf("%s, %s %s, %s %s",
			    json_string_value(json_object_get(st, "section")),
			    site_str(s->app, s->lang, "Lang.Shop.row") ?
			    site_str(s->app, s->lang, "Lang.Shop.row") : "row",
			    json_string_value(json_object_get(st, "row")),
			    site_str(s->app, s->lang, "Lang.Shop.seat") ?
			    site_str(s->app, s->lang, "Lang.Shop.seat") : "seat",
			    json_string_value(json_object_get(st, "seat")));

			snprintf(key, sizeof(key), "Mail.Tickets.%zu.Seat", i);
			hdf_set_value(m, key, sl);
			free(sl);
		}
		if ((pngs[i] = qr_png(link, &plen)) != NULL) {
			fname = xasprintf("ticket-%s.png", code);
			att[natt].filename = fname;
			att[natt].ctype = "image/png";
			att[natt].data = pngs[i];
			att[natt].len = plen;
			natt++;
		}
		free(link);
	}
	if (s->user_id != 0)
		link = xasprintf("%s/account/tickets", conf_str(s->app->conf, "Site.BaseURL", ""));
	else {
		/* a guest has no account: a signed link to the tickets of this address */
		char *sig = guest_sign_app(s->app, s->email, time(NULL) + 30 * 24 * 3600), *esc = NULL;

		if (cgi_url_escape(sig, &esc) != STATUS_OK)
			esc = NULL;
		link = xasprintf("%s/tickets/guest?k=%s", conf_str(s->app->conf, "Site.BaseURL", ""),
		    esc ? esc : "");
		free(esc);
		free(sig);
	}
	hdf_set_value(m, "Mail.Link", link);
	free(link);
	/* calendar.c: the order's tickets as one .ics (att has a spare slot) */
	{
		size_t	 ilen = 0;
		char	*ics = cal_ics_order(s->app, s->lang, order_id, &ilen);

		if (ics != NULL) {
			pngs[json_array_size(tickets)] = (unsigned char *)ics;
			att[natt].filename = xasprintf("kametay-order-%lld.ics", (long long)order_id);
			att[natt].ctype = "text/calendar; charset=utf-8; method=PUBLISH";
			att[natt].data = (const unsigned char *)ics;
			att[natt].len = ilen;
			natt++;
		}
	}
	rc = mail_compose_queue_att(s->app, s->lang, m, "purchase", "Lang.Mail.Purchase.Subject",
	    s->email, att, natt);
	for (i = 0; i < natt; i++)
		free((char *)att[i].filename);
	for (i = 0; i <= json_array_size(tickets); i++)
		free(pngs[i]);
	free(att);
	free(pngs);
	hdf_destroy(&m);
	return rc;
}

/*
 * Turns the cart's holds on this event into an order and tickets, inside
 * the caller's transaction.  DB_OK with s->answer, or DB_ERR with
 * s->status/err, or a database code.
 */
static enum db_rc
checkout_tx(struct sale *s)
{
	struct dbres	*h = NULL;
	enum db_rc	 rc;
	int64_t		 ev = dbres_int(s->ev, 0, "id"), n = 0, ga = 0, total = 0;
	uint64_t	 got = 0, order_id = 0;
	size_t		 i;
	json_t		*tickets = json_array();
	char		*js;

	rc = db_query(s->db, STMT_TK_CART_HOLDS, &h, "sii", s->cart, ev, ev);
	if (rc != DB_OK)
		goto out;
	if (h->nrows == 0) {
		s->status = 409;
		s->err = "hold_expired";
		rc = DB_ERR;
		goto out;
	}
	for (i = 0; i < h->nrows; i++) {
		int64_t q = dbres_int(h, i, "quantity");

		n += q;
		total += q * dbres_int(h, i, "price");
		if (dbres_get(h, i, "seat_id") == NULL && !s->ga_direct)
			ga += q;
	}
	/* the per-buyer limit: a row per (event, buyer), changed conditionally */
	rc = db_exec(s->db, STMT_TK_BUYER_ROW, NULL, NULL, "is", ev, s->buyer);
	if (rc == DB_OK)
		rc = db_exec(s->db, STMT_TK_BUYER_ADD, &got, NULL, "iisii", n, ev, s->buyer, n,
		    dbres_int(s->ev, 0, "max_per_person"));
	if (rc != DB_OK)
		goto out;
	if (got == 0) {
		s->status = 422;
		s->err = "limit_exceeded";
		rc = DB_ERR;
		goto out;
	}
	rc = db_exec(s->db, STMT_TK_ORDER_ADD, NULL, &order_id, "insssssiss" "s", ev, s->user_id,
	    s->buyer, s->email, s->name, s->phone, lang_codes[s->lang], total,
	    dbres_get(s->ev, 0, "currency"), conf_str(s->app->conf, "Payments.Provider", "free"),
	    s->idem);
	if (rc != DB_OK)
		goto out;	/* DB_DUP: the same Idempotency-Key raced us; the caller replays */
	for (i = 0; rc == DB_OK && i < h->nrows; i++) {
		int64_t	 q = dbres_int(h, i, "quantity"), k;
		int64_t	 seat = dbres_get(h, i, "seat_id") ? dbres_int(h, i, "seat_id") : 0;

		for (k = 0; rc == DB_OK && k < q; k++) {
			char	*code = ticket_code_new();
			json_t	*seatj = json_null();

			if (code == NULL) {
				rc = DB_ERR;
				break;
			}
			rc = db_exec(s->db, STMT_TK_TICKET_ADD, NULL, NULL, "siinsi", code,
			    (int64_t)order_id, ev, seat, dbres_get(h, i, "category"),
			    dbres_int(h, i, "price"));
			if (rc == DB_DUP && seat != 0) {
				/* held but sold meanwhile: only possible with a stale hold */
				s->status = 409;
				s->err = "seat_taken";
				free(code);
				rc = DB_ERR;
				break;
			}
			if (seat != 0) {
				/* the same neutral label as the seat map's API */
				char *label = xasprintf("%s %s-%s", dbres_get(h, i, "section"),
				    dbres_get(h, i, "row_label"), dbres_get(h, i, "seat_label"));

				json_decref(seatj);
				seatj = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)seat,
				    "label", label, "section", dbres_get(h, i, "section"),
				    "row", dbres_get(h, i, "row_label"),
				    "seat", dbres_get(h, i, "seat_label"));
				free(label);
			}
			json_array_append_new(tickets, json_pack("{s:s, s:o}", "code", code,
			    "seat", seatj));
			free(code);
		}
	}
	if (rc != DB_OK)
		goto out;
	/* the counters move at the end: only the rows go here */
	rc = db_exec(s->db, STMT_TK_CART_CLEAR, NULL, NULL, "si", s->cart, ev);
	if (rc != DB_OK)
		goto out;
	if (pay(s, total) != 0) {
		s->status = 422;	/* CONTRACT §3 statuses: a payment that cannot go through is unprocessable */
		s->err = "payment_declined";
		rc = DB_ERR;
		goto out;
	}
	s->answer = json_pack("{s:I, s:O, s:I, s:s}", "order_id", (json_int_t)order_id,
	    "tickets", tickets, "total", (json_int_t)total, "currency",
	    dbres_get(s->ev, 0, "currency"));
	js = json_dumps(s->answer, JSON_COMPACT);
	rc = db_exec(s->db, STMT_TK_ORDER_ANSWER, NULL, NULL, "si", js, (int64_t)order_id);
	free(js);
	if (rc == DB_OK)
		rc = mail_confirmation(s, (int64_t)order_id, tickets);
	if (rc == DB_OK)
		rc = cal_order_bought(s->app, (int64_t)order_id);	/* calendar.c: Google sync */
	/*
	 * Last, so the event's row is locked only from here to the commit: the
	 * one statement every buyer of this event waits for, and the referee
	 * that sold + held never passes capacity.
	 */
	if (rc == DB_OK)
		rc = db_exec(s->db, STMT_TK_SELL, &got, NULL, "iiiiii", n, ga, ev, ga, n, ga);
	if (rc == DB_OK && got == 0) {
		s->status = 409;
		s->err = "sold_out";
		rc = DB_ERR;
	}
out:
	json_decref(tickets);
	dbres_free(h);
	return rc;
}

/* A retry with the same Idempotency-Key gets the first answer back. */
static int
replay(struct sale *s)
{
	struct dbres	*o = NULL;
	json_error_t	 je;
	int		 found = 0;

	if (s->idem == NULL)
		return 0;
	if (db_query(s->db, STMT_TK_ORDER_FIND, &o, "ss", s->buyer, s->idem) != DB_OK)
		return 0;
	if (o->nrows == 1 && dbres_get(o, 0, "answer") != NULL) {
		s->answer = json_loads(dbres_get(o, 0, "answer"), 0, &je);
		found = s->answer != NULL;
	}
	dbres_free(o);
	return found;
}

/*
 * One purchase: optionally hold the given seats or quantity under the
 * sale's cart, then check out — all in one transaction, retried on a
 * deadlock.  0 with s->answer, else -1 with s->status/err.
 */
static int
sale_run(struct sale *s, const int64_t *seats, size_t nseats, int64_t qty)
{
	enum db_rc	 rc = DB_ERR;
	int		 attempt, ttl = conf_int(s->app->conf, "Holds.Seconds", 600);
	const char	*why;

	if (!s->hold_only && replay(s))
		return 0;
	if ((why = not_on_sale(s->ev)) != NULL) {
		s->status = strcmp(why, "event_cancelled") == 0 ? 409 : 409;
		s->err = why;
		return -1;
	}
	for (attempt = 0; attempt < TX_TRIES; attempt++) {
		s->status = 0;
		s->err = NULL;
		if ((rc = db_begin(s->db)) != DB_OK)
			break;
		rc = holds_release_expired(s->db, dbres_int(s->ev, 0, "id"));
		if (rc == DB_OK && (nseats > 0 || qty > 0))
			rc = cart_release(s->db, s->cart, dbres_int(s->ev, 0, "id"));
		if (rc == DB_OK && nseats > 0)
			rc = hold_seats(s, seats, nseats, ttl);
		else if (rc == DB_OK && qty > 0 && s->hold_only)
			rc = hold_ga(s, qty, ttl);
		else if (rc == DB_OK && qty > 0) {
			/*
			 * Bought in the same breath: no reservation in events.held,
			 * so the event's row is touched once, by the final conditional
			 * update that decides whether the places are there.
			 */
			s->ga_direct = 1;
			rc = db_exec(s->db, STMT_TK_HOLD_GA_ADD, NULL, NULL, "sniii", s->cart,
			    s->user_id, qty, (int64_t)ttl, dbres_int(s->ev, 0, "id"));
		}
		if (rc == DB_OK && !s->hold_only)
			rc = checkout_tx(s);
		if (rc == DB_OK)
			rc = db_commit(s->db);
		if (rc == DB_OK)
			return 0;
		db_rollback(s->db);
		if (s->answer != NULL) {
			json_decref(s->answer);
			s->answer = NULL;
		}
		if (rc == DB_DUP && s->idem != NULL && replay(s))
			return 0;
		if (rc != DB_RETRY)
			break;
		/* a deadlock: step aside a random moment so the two don't meet again */
		{
			unsigned char j;

			if (rand_bytes(&j, 1) == 0)
				usleep((useconds_t)(1000 + (unsigned)j * 40 * (unsigned)(attempt + 1)));
		}
	}
	if (s->err == NULL) {
		s->status = rc == DB_DOWN ? 503 : rc == DB_RETRY ? 409 : 500;
		s->err = rc == DB_DOWN ? "unavailable" : rc == DB_RETRY ? "busy" : "server_error";
	}
	return -1;
}

/*
 * The pages' entry points.  cart_hold puts seats or a quantity of one event
 * in the cart (replacing what the cart held for it); cart_checkout buys
 * what the cart holds for that event.  Both return 0, or -1 with *status
 * and *err (a Lang.Err code) set.
 */
int
cart_hold(struct req *r, struct dbres *ev, const char *cart, const int64_t *seats, size_t n,
    int64_t qty, int *status, const char **err)
{
	struct sale s;

	memset(&s, 0, sizeof(s));
	s.app = r->app;
	s.db = r->app->db;
	s.ev = ev;
	s.cart = cart;
	s.user_id = r->user.id;
	s.hold_only = 1;
	if (n > MAX_SEATS_PER_ORDER || (n == 0 && qty <= 0)) {
		*status = 422;
		*err = n > 0 ? "limit_exceeded" : "seats_invalid";
		return -1;
	}
	if (n > (size_t)dbres_int(ev, 0, "max_per_person") ||
	    qty > dbres_int(ev, 0, "max_per_person")) {
		*status = 422;
		*err = "limit_exceeded";
		return -1;
	}
	if (sale_run(&s, seats, n, qty) == 0)
		return 0;
	*status = s.status;
	*err = s.err;
	return -1;
}

int
cart_checkout(struct req *r, struct dbres *ev, const char *cart, const char *email,
    const char *name, const char *phone, const char *idem, const char *card,
    json_t **answer, int *status, const char **err)
{
	struct sale s;

	memset(&s, 0, sizeof(s));
	s.app = r->app;
	s.db = r->app->db;
	s.ev = ev;
	s.cart = cart;
	s.user_id = r->user.id;
	if (r->user.id != 0)
		snprintf(s.buyer, sizeof(s.buyer), "u:%lld", (long long)r->user.id);
	else {
		/* a guest using an account's address counts as that account for the limit */
		struct dbres *u = NULL;

		if (db_query(r->app->db, STMT_USER_BY_EMAIL, &u, "s", email) == DB_OK && u->nrows == 1)
			snprintf(s.buyer, sizeof(s.buyer), "u:%lld", (long long)dbres_int(u, 0, "id"));
		else
			snprintf(s.buyer, sizeof(s.buyer), "e:%s", email);
		dbres_free(u);
	}
	s.email = email;
	s.name = name;
	s.phone = phone;
	s.lang = r->user.id != 0 && lang_parse(r->user.lang) >= 0 ?
	    (enum lang)lang_parse(r->user.lang) : r->lang;
	s.idem = idem;
	s.pay_token = card;
	if (sale_run(&s, NULL, 0, 0) == 0) {
		*answer = s.answer;
		return 0;
	}
	*status = s.status;
	*err = s.err;
	return -1;
}

/* Loads the event for a sale; NULL after answering 404/503. */
struct dbres *
sale_event(struct req *r, int64_t id)
{
	struct dbres	*ev = NULL;
	enum db_rc	 rc;

	rc = db_query(r->app->db, STMT_TK_EVENT, &ev, "i", id);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return NULL;
	}
	if (ev->nrows == 0 || strcmp(dbres_get(ev, 0, "status"), "draft") == 0) {
		dbres_free(ev);
		req_error(r, 404, NULL);
		return NULL;
	}
	return ev;
}

/* ---- API --------------------------------------------------------------- */

/*
 * POST /api/events/{id}/purchase/  {quantity} or {seats: [ids]}
 * → 201 {order_id, tickets: [{code, seat}]}; 409 sold_out / seat_taken;
 * 422 limit_exceeded; 403 email_not_verified (the route gate).
 */
void
h_api_purchase(struct req *r)
{
	struct sale	 s;
	json_t		*jseats = json_object_get(r->jin, "seats");
	json_t		*jq = json_object_get(r->jin, "quantity");
	json_t		*v;
	int64_t		 seats[MAX_SEATS_PER_ORDER], qty = 0;
	size_t		 n = 0, i;
	char		*cart, *idem;
	char		 key[64];

	memset(&s, 0, sizeof(s));
	if ((jseats == NULL) == (jq == NULL)) {
		req_error(r, 422, "purchase_what");
		return;
	}
	if (jq != NULL) {
		if (!json_is_integer(jq) || json_integer_value(jq) < 1 ||
		    json_integer_value(jq) > 50) {
			req_error(r, 422, "quantity_invalid");
			return;
		}
		qty = json_integer_value(jq);
	} else {
		if (!json_is_array(jseats) || json_array_size(jseats) == 0 ||
		    json_array_size(jseats) > MAX_SEATS_PER_ORDER) {
			req_error(r, 422, "seats_invalid");
			return;
		}
		json_array_foreach(jseats, i, v) {
			size_t k;

			if (!json_is_integer(v) || json_integer_value(v) < 1) {
				req_error(r, 422, "seats_invalid");
				return;
			}
			for (k = 0; k < n; k++)
				if (seats[k] == json_integer_value(v))
					break;
			if (k == n)
				seats[n++] = json_integer_value(v);
		}
	}
	if ((s.ev = sale_event(r, req_param_id(r, 0))) == NULL)
		return;
	if (qty > 0 && dbres_int(s.ev, 0, "seated")) {
		dbres_free(s.ev);
		req_error(r, 422, "seated_needs_seats");
		return;
	}
	if (n > 0 && !dbres_int(s.ev, 0, "seated")) {
		dbres_free(s.ev);
		req_error(r, 422, "no_seats_here");
		return;
	}
	idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (idem != NULL && (strlen(idem) == 0 || strlen(idem) > 100 ||
	    !utf8_valid(idem, strlen(idem)))) {
		free(idem);
		dbres_free(s.ev);
		req_error(r, 400, "idempotency_key_invalid");
		return;
	}
	/* a purchase over the API holds under a one-off cart of its own */
	if ((cart = random_token(32)) == NULL) {
		free(idem);
		dbres_free(s.ev);
		req_error(r, 500, NULL);
		return;
	}
	s.app = r->app;
	s.db = r->app->db;
	s.cart = cart;
	s.user_id = r->user.id;
	snprintf(s.buyer, sizeof(s.buyer), "u:%lld", (long long)r->user.id);
	s.email = r->user.email;
	s.name = r->user.first_name;
	s.phone = NULL;
	s.lang = lang_parse(r->user.lang) >= 0 ? (enum lang)lang_parse(r->user.lang) : r->lang;
	s.idem = idem;
	s.pay_token = json_string_value(json_object_get(r->jin, "payment_token"));
	if (sale_run(&s, seats, n, qty) == 0)
		req_json(r, 201, s.answer);
	else {
		snprintf(key, sizeof(key), "Lang.Err.%s", s.err);
		req_json(r, s.status, json_pack("{s:s, s:s}", "error", s.err, "message",
		    req_lang_str(r, key)));
	}
	free(cart);
	free(idem);
	dbres_free(s.ev);
}

/* GET /api/events/{id}/seats/ → {seats: [{id, label, row, section, x, y, price, status}]} */
void
h_api_seats(struct req *r)
{
	struct dbres	*ev, *res = NULL;
	json_t		*list;
	size_t		 i;
	enum db_rc	 rc;
	const char	*cart = req_cookie_get(r, "cart");

	if ((ev = sale_event(r, req_param_id(r, 0))) == NULL)
		return;
	rc = db_query(r->app->db, STMT_TK_SEATS, &res, "si", cart ? cart : "",
	    dbres_int(ev, 0, "id"));
	dbres_free(ev);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	list = json_array();
	for (i = 0; i < res->nrows; i++) {
		char *label = xasprintf("%s %s-%s", dbres_get(res, i, "section"),
		    dbres_get(res, i, "row_label"), dbres_get(res, i, "seat_label"));

		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:o, s:s, s:b}",
		    "id", (json_int_t)dbres_int(res, i, "id"),
		    "label", label,
		    "row", dbres_get(res, i, "row_label"),
		    "seat", dbres_get(res, i, "seat_label"),
		    "section", dbres_get(res, i, "section"),
		    "x", (json_int_t)dbres_int(res, i, "x"),
		    "y", (json_int_t)dbres_int(res, i, "y"),
		    "category", dbres_get(res, i, "category"),
		    "price", dbres_get(res, i, "price") ?
		        json_integer(dbres_int(res, i, "price")) : json_null(),
		    "status", dbres_get(res, i, "status"),
		    "mine", (int)dbres_int(res, i, "mine")));
		free(label);
	}
	dbres_free(res);
	{
		json_t		*body = json_pack("{s:o}", "seats", list);
		char		*js = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
		unsigned char	 h[32];
		char		 etag[72], hex[65], *inm = req_env(r, "HTTP_IF_NONE_MATCH");

		sha256(js ? js : "", js ? strlen(js) : 0, h);
		hex_encode(h, 12, hex);
		snprintf(etag, sizeof(etag), "\"%s\"", hex);
		req_header(r, "ETag", etag);
		if (inm != NULL && strstr(inm, etag) != NULL) {
			json_decref(body);
			r->status = 304;
			r->raw = xstrdup("");
			r->rawlen = 0;
			r->raw_type = NULL;
		} else
			req_json(r, 200, body);
		free(inm);
		free(js);
	}
}

/* ---- the ticket-holder's side ------------------------------------------ */

/* May the signed-in user see/act on this ticket as its holder? */
static int
is_holder(struct req *r, const struct dbres *t)
{
	return r->user.id != 0 && dbres_get(t, 0, "user_id") != NULL &&
	    dbres_int(t, 0, "user_id") == r->user.id;
}

/* Loads a ticket by code for its holder; NULL after answering 404/503. */
static struct dbres *
holder_ticket(struct req *r, const char *raw)
{
	char		 code[25];
	struct dbres	*t = NULL;
	enum db_rc	 rc;

	if (ticket_code_norm(raw, code) != 0) {
		req_error(r, 404, NULL);
		return NULL;
	}
	rc = db_query(r->app->db, STMT_TK_TICKET_GET, &t, "s", code);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return NULL;
	}
	/* someone else's ticket is "not found", never "forbidden": codes are secrets */
	if (t->nrows == 0 || !is_holder(r, t)) {
		dbres_free(t);
		req_error(r, 404, NULL);
		return NULL;
	}
	return t;
}

/*
 * Cancels a ticket for a future event: the place is free at once and the
 * counts go back.  0, or -1 after answering.
 */
int
ticket_cancel(struct req *r, const char *raw)
{
	struct dbres	*t;
	enum db_rc	 rc;
	uint64_t	 n = 0;
	int64_t		 ev;

	if ((t = holder_ticket(r, raw)) == NULL)
		return -1;
	if (strcmp(dbres_get(t, 0, "status"), "valid") != 0) {
		dbres_free(t);
		req_error(r, 409, "ticket_not_valid");
		return -1;
	}
	if (!dbres_int(t, 0, "future") || strcmp(dbres_get(t, 0, "event_status"), "published") != 0) {
		dbres_free(t);
		req_error(r, 409, "event_closed");
		return -1;
	}
	ev = dbres_int(t, 0, "event_id");
	if ((rc = db_begin(r->app->db)) == DB_OK)
		rc = db_exec(r->app->db, STMT_TK_TICKET_CANCEL, &n, NULL, "i", dbres_int(t, 0, "id"));
	if (rc == DB_OK && n == 1)
		rc = db_exec(r->app->db, STMT_TK_UNSELL, NULL, NULL, "i", ev);
	if (rc == DB_OK && n == 1)
		rc = db_exec(r->app->db, STMT_TK_BUYER_SUB, NULL, NULL, "is", ev,
		    dbres_get(t, 0, "buyer"));
	if (rc == DB_OK && n == 1)
		rc = waitlist_offer_next(r->app, ev, dbres_get(t, 0, "seat_id") ?
		    dbres_int(t, 0, "seat_id") : 0);
	/* notify.c: calendar SEQUENCE, Google sync and the holder's mail */
	if (rc == DB_OK && n == 1)
		rc = notify_ticket(r->app, dbres_int(t, 0, "id"), TC_CANCELLED);
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	dbres_free(t);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return -1;
	}
	if (n == 0) {
		req_error(r, 409, "ticket_not_valid");
		return -1;
	}
	return 0;
}

void
h_api_ticket_cancel(struct req *r)
{
	if (ticket_cancel(r, r->params[0]) != 0)
		return;
	req_json(r, 200, json_pack("{s:s, s:s}", "code", r->params[0], "status", "cancelled"));
}

/*
 * Moves a ticket to another free seat of the same category, atomically: a
 * single UPDATE that the unique key on live seats referees.
 */
int
ticket_change_seat(struct req *r, const char *raw, int64_t seat)
{
	struct dbres	*t;
	enum db_rc	 rc;
	uint64_t	 n = 0;

	if ((t = holder_ticket(r, raw)) == NULL)
		return -1;
	if (strcmp(dbres_get(t, 0, "status"), "valid") != 0 || dbres_get(t, 0, "seat_id") == NULL ||
	    !dbres_int(t, 0, "future") || strcmp(dbres_get(t, 0, "event_status"), "published") != 0) {
		dbres_free(t);
		req_error(r, 409, "ticket_not_valid");
		return -1;
	}
	/* one transaction with the calendar bump, Google sync and mail (notify.c) */
	if ((rc = db_begin(r->app->db)) == DB_OK)
		rc = db_exec(r->app->db, STMT_TK_SEAT_SWAP, &n, NULL, "ii", seat,
		    dbres_int(t, 0, "id"));
	if (rc == DB_OK && n == 1)
		rc = notify_ticket(r->app, dbres_int(t, 0, "id"), TC_SEAT);
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	else
		db_rollback(r->app->db);
	dbres_free(t);
	if (rc == DB_DUP) {
		req_error(r, 409, "seat_taken");
		return -1;
	}
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return -1;
	}
	if (n == 0) {
		/* not a seat of this hall, another category, or held by someone */
		req_error(r, 409, "seat_unavailable");
		return -1;
	}
	return 0;
}

void
h_api_ticket_change_seat(struct req *r)
{
	json_t	*v = json_object_get(r->jin, "seat");

	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		req_error(r, 422, "seats_invalid");
		return;
	}
	if (ticket_change_seat(r, r->params[0], json_integer_value(v)) != 0)
		return;
	req_json(r, 200, json_pack("{s:s, s:I}", "code", r->params[0], "seat",
	    (json_int_t)json_integer_value(v)));
}

/* GET /api/me/tickets/ → {tickets: [{code, event_id, seat, status}]} */
void
h_api_my_tickets(struct req *r)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	json_t		*list;
	size_t		 i;

	rc = db_query(r->app->db, STMT_TK_MY_TICKETS, &res, "i", r->user.id);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	list = json_array();
	for (i = 0; i < res->nrows; i++) {
		json_t *seat = json_null();

		if (dbres_get(res, i, "seat_id") != NULL)
			seat = json_pack("{s:I, s:s, s:s, s:s}",
			    "id", (json_int_t)dbres_int(res, i, "seat_id"),
			    "section", dbres_get(res, i, "section"),
			    "row", dbres_get(res, i, "row_label"),
			    "seat", dbres_get(res, i, "seat_label"));
		json_array_append_new(list, json_pack("{s:s, s:I, s:o, s:s, s:s, s:s}",
		    "code", dbres_get(res, i, "code"),
		    "event_id", (json_int_t)dbres_int(res, i, "event_id"),
		    "seat", seat,
		    "status", dbres_get(res, i, "status"),
		    "event_name", dbres_get(res, i, "event_name"),
		    "category", dbres_get(res, i, "category")));
	}
	dbres_free(res);
	req_json(r, 200, json_pack("{s:o}", "tickets", list));
}

/* The job runner's sweep: expired holds go, general places come back. */
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
	if (rc == DB_OK && res->nrows > 0)
		klog("swept %zu expired holds", res->nrows);
	dbres_free(res);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
}
