/*
 * Buying.  The database is the referee (see holds.c for the places):
 *
 *  - a seat is sold once (unique key tickets(event_id, live_seat));
 *  - a buyer's tickets per event are a row in buyer_counts changed by a
 *    conditional update, so two purchases by one buyer serialise on it;
 *  - an order with an Idempotency-Key is unique per buyer and stores its
 *    first answer, which a retry gets back.
 *
 * Everything for one purchase happens in one transaction; a deadlock is
 * retried, any other failure rolls back and sells nothing.  It writes
 * rows only: the order, its tickets (one statement), the counters and a
 * job naming the order, whose mail the job runner composes.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/guests.h"
#include "domain/holds.h"
#include "domain/orders.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/buyer_mail.h"
#include "notify/notify.h"
#include "notify/pay.h"

/*
 * A purchase that lost a conflict is tried again: a local deadlock, or on
 * Galera a certification failure or a brute-force abort (both 1213), which
 * are far more frequent there — every purchase of an event writes its row,
 * and two nodes' transactions on it cannot both commit.  The waits double
 * (TX_WAIT_US, capped), so the losers of a rush spread out.  From the
 * second try on, a buyer whose seat or places went meanwhile is told so
 * (lost_already) instead of trying again.
 */
#define TX_TRIES		12
#define TX_WAIT_US		2000
#define TX_WAIT_MAX_US		128000
/* a connection that died (its node killed): reconnect and try again, so often */
#define TX_RECONNECTS		3
#define GUEST_MAIL_SECONDS	(30 * 24 * 3600)

struct sale {
	struct app	*app;
	struct db	*db;
	const struct dbres *ev;		/* STMT_TK_EVENT row */
	const char	*cart;
	int64_t		 user_id;	/* 0 for a guest */
	char		 buyer[280];	/* "u:<id>" or "e:<email>" */
	const char	*email, *name, *phone;
	enum lang	 lang;
	const char	*idem;		/* Idempotency-Key or NULL */
	char		 fp[65];	/* hex SHA-256 of what is asked, kept with the key */
	const char	*pay_token;	/* for the test provider */
	int		 hold_only;	/* put in the cart, don't buy yet */
	int		 ga_direct;	/* general places bought at once: never counted as held */
	int		 fresh_cart;	/* a one-off cart of this call: nothing to release */
	int		 capped;	/* general places added up to the person's limit, not all */
	const char	*addr;		/* a cart hold's remote address (hold_fair) */
	int64_t		 order_id;	/* the order this try inserted */
	/* a hosted payment's confirmation (order_paid_tx): the pending order */
	int64_t		 confirm_id;
	int		 retake;	/* it had expired: take the per-person places again */
	const char	*pay_ref;	/* the provider's payment */
	/* the outcome */
	enum dom_rc	 why;
	const char	*reason;
	json_t		*answer;
};

/* Why an event cannot be bought now, as a reason, or NULL. */
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

/* Refuses the sale inside the transaction: DB_ERR rolls it back. */
static enum db_rc
refuse(struct sale *s, enum dom_rc why, const char *reason)
{
	s->why = why;
	s->reason = reason;
	return DB_ERR;
}

/*
 * An in-transaction payment (notify/pay.c's drivers without a hosted
 * page): "free" covers free events and "pay at the door", "test" approves
 * unless the token says decline.  No network here: a hosted provider
 * never reaches this (pending_tx).  0 with ref set (or empty), -1 declined.
 */
static int
pay(struct sale *s, int64_t order_id, int64_t total, char *ref, size_t reflen)
{
	const char		*prov = conf_str(s->app->conf, "Payments.Provider", "free");
	const struct pay_driver	*d = pay_provider_named(prov);
	struct pay_order	 po;

	ref[0] = '\0';
	if (total == 0 || (d != NULL && d->charge == NULL && !d->hosted))
		return 0;
	if (d == NULL || d->charge == NULL) {
		klog("Payments.Provider %s cannot charge here; refusing the payment", prov);
		return -1;
	}
	memset(&po, 0, sizeof(po));
	po.id = order_id;
	po.amount = total;
	po.currency = dbres_get(s->ev, 0, "currency");
	return d->charge(&po, s->pay_token, ref, reflen);
}

/*
 * The confirmation mail, queued in the purchase's transaction as a job
 * that names the order: the job runner composes it (buyer_mail.c).
 */
static enum db_rc
order_mail(struct sale *s, int64_t order_id)
{
	enum db_rc	 rc;
	char		*key = NULL;

	/* a guest has no account: a signed link to the tickets of this address */
	if (s->user_id == 0)
		key = guest_sign(s->app, s->email, time(NULL) + GUEST_MAIL_SECONDS);
	rc = buyer_mail_purchase(s->app, order_id, key);
	free(key);
	return rc;
}

/*
 * The tickets of one held line (q places of one seat or category): their
 * answer JSON appended to tickets, their rows to rows (STMT_TK_TICKETS_ADD).
 */
static enum db_rc
tickets_add(const struct dbres *h, size_t i, json_t *tickets, json_t *rows)
{
	int64_t		 q = dbres_int(h, i, "quantity"), k;
	int64_t		 seat = dbres_get(h, i, "seat_id") ? dbres_int(h, i, "seat_id") : 0;

	for (k = 0; k < q; k++) {
		char	*code = ticket_code_new();
		json_t	*seatj = json_null(), *row;

		if (code == NULL)
			return DB_ERR;
		/* general admission leaves the seat out: JSON_TABLE reads it as NULL */
		row = seat != 0 ?
		    json_pack("{s:s, s:I, s:s, s:I}", "code", code, "seat", (json_int_t)seat,
		    "category", dbres_get(h, i, "category"), "price",
		    (json_int_t)dbres_int(h, i, "price")) :
		    json_pack("{s:s, s:s, s:I}", "code", code, "category",
		    dbres_get(h, i, "category"), "price", (json_int_t)dbres_int(h, i, "price"));
		if (row == NULL) {
			free(code);
			return DB_ERR;
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
		json_array_append_new(rows, row);
		json_array_append_new(tickets, json_pack("{s:s, s:o}", "code", code, "seat", seatj));
		free(code);
	}
	return DB_OK;
}

/*
 * All the order's tickets in one statement.  A seat sold meanwhile (only
 * possible with a stale hold) hits the unique key and refuses the sale.
 */
static enum db_rc
tickets_insert(struct sale *s, int64_t order_id, json_t *rows, int seated)
{
	enum db_rc	 rc;
	char		*js;

	if ((js = json_dumps(rows, JSON_COMPACT)) == NULL)
		return DB_ERR;
	rc = db_exec(s->db, STMT_TK_TICKETS_ADD, NULL, NULL, "iis", order_id,
	    dbres_int(s->ev, 0, "id"), js);
	free(js);
	if (rc == DB_DUP && seated)
		return refuse(s, DOM_CONFLICT, "seat_taken");
	return rc;
}

/*
 * A paid event under a hosted provider: the order is written as
 * pending_payment without tickets, and the cart's holds become the
 * order's (its own cart token, held until Payments.HoldMinutes), so
 * nobody else can take those places while the buyer pays.  General places
 * bought in the same breath (ga_direct) are reserved in events.held here,
 * as a cart hold would have.  The payment starts after the commit
 * (payments.c order_pay_start); a webhook turns the order paid.
 */
static enum db_rc
pending_tx(struct sale *s, const struct dbres *h, int64_t n, int64_t total)
{
	int64_t		 ev = dbres_int(s->ev, 0, "id"), direct = 0;
	uint64_t	 got = 0, order_id = 0;
	json_t		*lines = NULL, *seats = json_array(), *kept = NULL;
	char		*token = NULL, *ljs = NULL, *kjs = NULL;
	enum db_rc	 rc = DB_ERR;
	size_t		 i;

	for (i = 0; i < h->nrows; i++)
		if (dbres_get(h, i, "seat_id") != NULL)
			json_array_append_new(seats, json_integer(dbres_int(h, i, "seat_id")));
		else
			direct += s->ga_direct ? dbres_int(h, i, "quantity") : 0;
	if (direct > 0) {
		if ((rc = db_exec(s->db, STMT_TK_HOLD_GA_RESERVE, &got, NULL, "iii", direct, ev,
		    direct)) != DB_OK)
			goto out;
		if (got == 0) {
			rc = refuse(s, DOM_CONFLICT, "sold_out");
			goto out;
		}
	}
	lines = json_pack("{s:I, s:O, s:I}", "n", (json_int_t)n, "seats", seats, "quantity",
	    (json_int_t)(json_array_size(seats) == 0 ? n : 0));
	kept = json_pack("{s:s, s:[], s:I, s:s}", "status", "pending_payment", "tickets",
	    "total", (json_int_t)total, "currency", dbres_get(s->ev, 0, "currency"));
	if ((token = random_token(32)) == NULL || lines == NULL || kept == NULL ||
	    (ljs = json_dumps(lines, JSON_COMPACT)) == NULL ||
	    (kjs = json_dumps(kept, JSON_COMPACT)) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	rc = db_exec(s->db, STMT_PAY_ORDER_PENDING, NULL, &order_id, "insssssiss" "sss" "ssi", ev,
	    s->user_id, s->buyer, s->email, s->name, s->phone, lang_codes[s->lang], total,
	    dbres_get(s->ev, 0, "currency"), conf_str(s->app->conf, "Payments.Provider", "free"),
	    s->idem, s->idem != NULL ? s->fp : NULL, kjs, token, ljs,
	    (int64_t)conf_int(s->app->conf, "Payments.HoldMinutes", 15));
	if (rc != DB_OK)
		goto out;	/* DB_DUP: the same Idempotency-Key raced us; the caller replays */
	rc = db_exec(s->db, STMT_PAY_HOLDS_MOVE, NULL, NULL, "sisi", token,
	    (int64_t)conf_int(s->app->conf, "Payments.HoldMinutes", 15), s->cart, ev);
	if (rc == DB_OK)
		rc = db_exec(s->db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i", ev);
	if (rc == DB_OK) {
		s->answer = json_pack("{s:I, s:s, s:[], s:I, s:s}", "order_id", (json_int_t)order_id,
		    "status", "pending_payment", "tickets", "total", (json_int_t)total, "currency",
		    dbres_get(s->ev, 0, "currency"));
		if (s->answer == NULL)
			rc = DB_ERR;
	}
out:
	json_decref(lines);
	json_decref(seats);
	json_decref(kept);
	free(token);
	free(ljs);
	free(kjs);
	return rc;
}

/*
 * Turns the cart's holds on this event into an order and tickets, inside
 * the caller's transaction.  DB_OK with s->answer, or DB_ERR with
 * s->why/reason, or a database code.  With s->confirm_id the order exists
 * (pending_payment or expired) and its payment arrived: the holds are the
 * order's cart's, and the order becomes paid instead of being written.
 */
static enum db_rc
checkout_tx(struct sale *s)
{
	struct dbres	*h = NULL;
	enum db_rc	 rc;
	int64_t		 ev = dbres_int(s->ev, 0, "id"), n = 0, ga = 0, total = 0;
	uint64_t	 got = 0, order_id = 0;
	size_t		 i;
	json_t		*tickets = json_array(), *rows = json_array(), *kept = NULL;
	char		*js, ref[128] = "";
	int		 seated = 0;

	rc = db_query(s->db, STMT_TK_CART_HOLDS, &h, "sii", s->cart, ev, ev);
	if (rc != DB_OK)
		goto out;
	if (h->nrows == 0) {
		rc = refuse(s, DOM_CONFLICT, "hold_expired");
		goto out;
	}
	for (i = 0; i < h->nrows; i++) {
		int64_t q = dbres_int(h, i, "quantity");

		n += q;
		total += q * dbres_int(h, i, "price");
		if (dbres_get(h, i, "seat_id") == NULL && !s->ga_direct)
			ga += q;
		if (dbres_get(h, i, "seat_id") != NULL)
			seated = 1;
	}
	/* the per-buyer limit: a row per (event, buyer), added to conditionally */
	if (s->confirm_id == 0 || s->retake) {
		rc = db_exec(s->db, STMT_TK_BUYER_TAKE, &got, NULL, "isiiii", ev, s->buyer, n, n,
		    dbres_int(s->ev, 0, "max_per_person"), dbres_int(s->ev, 0, "max_per_person"));
		if (rc != DB_OK)
			goto out;
		if (got == 0) {
			rc = refuse(s, DOM_LIMIT, "limit_exceeded");
			goto out;
		}
	}
	/* a paid event under a hosted provider: pending until its webhook */
	if (s->confirm_id == 0 && total > 0 && pay_provider(s->app->conf)->hosted) {
		rc = pending_tx(s, h, n, total);
		goto out;
	}
	for (i = 0; rc == DB_OK && i < h->nrows; i++)
		rc = tickets_add(h, i, tickets, rows);
	if (rc != DB_OK)
		goto out;
	/* the answer a retry gets back goes in with the order; replay() adds its id */
	kept = json_pack("{s:O, s:I, s:s}", "tickets", tickets, "total", (json_int_t)total,
	    "currency", dbres_get(s->ev, 0, "currency"));
	if (kept == NULL || (js = json_dumps(kept, JSON_COMPACT)) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	if (s->confirm_id != 0) {
		order_id = (uint64_t)s->confirm_id;
		rc = db_exec(s->db, STMT_PAY_ORDER_PAID, &got, NULL, "ssi", s->pay_ref, js,
		    s->confirm_id);
		if (rc == DB_OK && got == 0)
			rc = refuse(s, DOM_CONFLICT, "order_closed");
	} else
		rc = db_exec(s->db, STMT_TK_ORDER_ADD, NULL, &order_id, "insssssiss" "sss", ev,
		    s->user_id, s->buyer, s->email, s->name, s->phone, lang_codes[s->lang], total,
		    dbres_get(s->ev, 0, "currency"),
		    conf_str(s->app->conf, "Payments.Provider", "free"), s->idem,
		    s->idem != NULL ? s->fp : NULL, js);
	free(js);
	if (rc != DB_OK)
		goto out;	/* DB_DUP: the same Idempotency-Key raced us; the caller replays */
	s->order_id = (int64_t)order_id;
	if ((rc = tickets_insert(s, (int64_t)order_id, rows, seated)) != DB_OK)
		goto out;
	/* the counters move at the end: only the rows go here */
	rc = db_exec(s->db, STMT_TK_CART_CLEAR, NULL, NULL, "si", s->cart, ev);
	if (rc != DB_OK)
		goto out;
	if (s->confirm_id == 0 && pay(s, (int64_t)order_id, total, ref, sizeof(ref)) != 0) {
		/* CONTRACT §3 statuses: a payment that cannot go through is unprocessable */
		rc = refuse(s, DOM_DECLINED, "payment_declined");
		goto out;
	}
	/* the charge in the order's payment history (a refund names it) */
	if (ref[0] != '\0')
		rc = db_exec(s->db, STMT_PAY_REF_SET, NULL, NULL, "si", ref, (int64_t)order_id);
	if (rc == DB_OK && (ref[0] != '\0' || s->confirm_id != 0))
		rc = db_exec(s->db, STMT_PAY_CHARGE_ADD, NULL, NULL, "si",
		    s->confirm_id != 0 ? s->pay_ref : ref, (int64_t)order_id);
	if (rc != DB_OK)
		goto out;
	s->answer = json_pack("{s:I, s:O, s:I, s:s}", "order_id", (json_int_t)order_id,
	    "tickets", tickets, "total", (json_int_t)total, "currency",
	    dbres_get(s->ev, 0, "currency"));
	rc = s->answer != NULL ? order_mail(s, (int64_t)order_id) : DB_ERR;
	if (rc == DB_OK)
		rc = cal_order_bought(s->app, (int64_t)order_id);	/* calendar.c: Google sync */
	/*
	 * Last, so the event's row is locked only from here to the commit: the
	 * one statement every buyer of this event waits for, and the referee
	 * that sold + held never passes capacity.
	 */
	if (rc == DB_OK)
		rc = db_exec(s->db, STMT_TK_SELL, &got, NULL, "iiiiii", n, ga, ev, ga, n, ga);
	if (rc == DB_OK && got == 0)
		rc = refuse(s, DOM_CONFLICT, "sold_out");
out:
	json_decref(kept);
	json_decref(rows);
	json_decref(tickets);
	dbres_free(h);
	return rc;
}

/*
 * What an Idempotency-Key stands for: the event, the seats (in the order
 * given; a retry sends the same body) or the quantity, or the cart, and
 * the buyer.  A hash, so the cart token is not kept in the clear.
 */
static void
fingerprint(struct sale *s, const int64_t *seats, size_t nseats, int64_t qty)
{
	unsigned char	 h[32];
	char		*in, *t;
	size_t		 i;

	in = xasprintf("%s|%lld|%lld|%s|", s->fresh_cart ? "api" : s->cart,
	    (long long)dbres_int(s->ev, 0, "id"), (long long)qty, s->buyer);
	for (i = 0; i < nseats; i++) {
		t = xasprintf("%s%lld,", in, (long long)seats[i]);
		free(in);
		in = t;
	}
	sha256(in, strlen(in), h);
	free(in);
	hex_encode(h, sizeof(h), s->fp);
	s->fp[64] = '\0';
}

/*
 * A retry with the same Idempotency-Key gets the first answer back; the
 * same key with another request (another event, other seats, another
 * buyer's cart) is refused: -1 with s->why/reason set.
 */
static int
replay(struct sale *s)
{
	struct dbres	*o = NULL;
	json_t		*a;
	json_error_t	 je;
	int		 found = 0;

	if (s->idem == NULL)
		return 0;
	if (db_query(s->db, STMT_TK_ORDER_FIND, &o, "ss", s->buyer, s->idem) != DB_OK)
		return 0;
	/* orders from before fingerprints (NULL) replay as they always did */
	if (o->nrows == 1 && dbres_get(o, 0, "fingerprint") != NULL &&
	    strcmp(dbres_get(o, 0, "fingerprint"), s->fp) != 0) {
		s->why = DOM_INVALID;
		s->reason = "idempotency_mismatch";
		found = -1;
	} else if (o->nrows == 1 && dbres_get(o, 0, "answer") != NULL &&
	    (a = json_loads(dbres_get(o, 0, "answer"), 0, &je)) != NULL) {
		/* the stored answer is all but the order's id, the row's own */
		s->answer = json_pack("{s:I}", "order_id", (json_int_t)dbres_int(o, 0, "id"));
		if (s->answer != NULL && json_object_update(s->answer, a) == 0)
			found = 1;
		else {
			json_decref(s->answer);
			s->answer = NULL;
		}
		json_decref(a);
	}
	dbres_free(o);
	return found;
}

/* One try of the sale's transaction, up to (not including) the commit. */
static enum db_rc
sale_tx(struct sale *s, const int64_t *seats, size_t nseats, int64_t qty, int ttl)
{
	int64_t		 ev = dbres_int(s->ev, 0, "id");
	enum db_rc	 rc;

	struct hold_client c;
	int64_t		 age = 0, n;

	memset(&c, 0, sizeof(c));
	rc = holds_release_expired(s->db, ev);
	if (rc == DB_OK && s->hold_only) {
		/* a cart hold is capped per client and per buyer, and not renewable for ever */
		c.cart = s->cart;
		c.addr = s->addr;
		c.user_id = s->user_id;
		c.buyer = s->buyer;
		c.lim.per_cart = conf_int(s->app->conf, "Limits.HoldPlacesPerCart", 20);
		c.lim.per_addr = conf_int(s->app->conf, "Limits.HoldPlacesPerAddress", 60);
		c.lim.per_addr_event = conf_int(s->app->conf, "Limits.HoldPlacesPerAddressEvent", 20);
		c.lim.max_seconds = conf_int(s->app->conf, "Limits.HoldMaxSeconds", 1200);
		c.lim.cooldown = conf_int(s->app->conf, "Limits.HoldCooldownSeconds", 600);
		/*
		 * Seats are the picker's whole choice (it shows the cart's own
		 * ticked); a quantity adds to what the cart holds of the event.
		 */
		n = nseats > 0 ? (int64_t)nseats : qty;
		rc = hold_fair(s->db, &c, ev, &n, nseats == 0,
		    dbres_int(s->ev, 0, "max_per_person"), &ttl, &age, &s->capped, &s->why,
		    &s->reason);
		if (nseats == 0)
			qty = n;
	}
	if (rc == DB_OK && (nseats > 0 || qty > 0) && !s->fresh_cart)
		rc = cart_release(s->db, s->cart, ev);
	if (rc == DB_OK && nseats > 0)
		rc = hold_seats(s->db, ev, s->cart, s->user_id, seats, nseats, ttl, &s->why,
		    &s->reason);
	else if (rc == DB_OK && qty > 0 && s->hold_only)
		rc = hold_ga(s->db, ev, s->cart, s->user_id, qty, ttl, &s->why, &s->reason);
	if (rc == DB_OK && s->hold_only)
		rc = hold_mark(s->db, &c, ev, age, ttl);
	else if (rc == DB_OK && qty > 0) {
		/*
		 * Bought in the same breath: no reservation in events.held,
		 * so the event's row is touched once, by the final conditional
		 * update that decides whether the places are there.
		 */
		s->ga_direct = 1;
		rc = db_exec(s->db, STMT_TK_HOLD_GA_ADD, NULL, NULL, "sniii", s->cart, s->user_id,
		    qty, (int64_t)ttl, ev);
	}
	if (rc == DB_OK && !s->hold_only)
		rc = checkout_tx(s);	/* STMT_TK_SELL moves the seat map's version */
	else if (rc == DB_OK)
		rc = db_exec(s->db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i", ev);
	return rc;
}

/*
 * After a lost conflict: whether what the buyer asks for is gone anyway —
 * one of the seats sold or held by another cart (seat_taken), or fewer
 * general places left than asked (sold_out).  A read, but only ever to
 * refuse: a sale still goes through the conditional updates and unique
 * keys.  0 when it may still be bought (or on a database error: the next
 * try tells).  A cart's checkout (nothing asked here) is never refused.
 */
static int
lost_already(struct sale *s, const int64_t *seats, size_t nseats, int64_t qty)
{
	struct dbres	*r = NULL;
	int64_t		 ev = dbres_int(s->ev, 0, "id");
	size_t		 i;
	int		 gone = 0;

	for (i = 0; i < nseats && !gone; i++) {
		if (db_query(s->db, STMT_TK_SEAT_GONE, &r, "iiiis", ev, seats[i], ev, seats[i],
		    s->cart) != DB_OK)
			return 0;
		if (dbres_int(r, 0, "taken")) {
			s->reason = "seat_taken";
			gone = 1;
		}
		dbres_free(r);
		r = NULL;
	}
	if (nseats == 0 && qty > 0) {
		if (db_query(s->db, STMT_TK_PLACES_LEFT, &r, "si", s->cart, ev) != DB_OK)
			return 0;
		if (r->nrows == 1 && dbres_int(r, 0, "places") < qty) {
			s->reason = "sold_out";
			gone = 1;
		}
		dbres_free(r);
	}
	if (gone)
		s->why = DOM_CONFLICT;
	return gone;
}

/*
 * The connection died at COMMIT (its node killed): the transaction may or
 * may not have been replicated before.  Asks the node we fail over to,
 * after it has applied everything the cluster ordered before (Galera's
 * wsrep_sync_wait), whether the order is there.  1 yes, 0 no, -1 unknown.
 */
static int
committed_anyway(struct sale *s)
{
	struct dbres	*o = NULL;
	int		 there;

	if (s->order_id == 0)
		return 0;
	if (db_sync_wait(s->db, 1) != DB_OK)
		return -1;
	if (db_query(s->db, STMT_TK_ORDER_THERE, &o, "is", s->order_id, s->buyer) != DB_OK) {
		(void)db_sync_wait(s->db, 0);
		return -1;
	}
	there = o->nrows == 1;
	dbres_free(o);
	(void)db_sync_wait(s->db, 0);
	return there;
}

/*
 * One purchase: optionally hold the given seats or quantity under the
 * sale's cart, then check out — all in one transaction, retried after a
 * deadlock or certification failure, and after its connection died (the
 * database layer connects to the next node of the list; a transaction
 * that did not commit left nothing behind, and one whose COMMIT lost its
 * connection is looked up before it is tried again).  DOM_OK with
 * s->answer, else the refusal with s->reason.
 */
static enum dom_rc
sale_run(struct sale *s, const int64_t *seats, size_t nseats, int64_t qty)
{
	enum db_rc	 rc = DB_ERR;
	int		 tries = 0, downs = 0, k, at_commit, ttl = conf_int(s->app->conf,
			     "Holds.Seconds", 600);
	const char	*why;
	unsigned	 wait = TX_WAIT_US;
	unsigned char	 j;

	if (!s->hold_only && s->idem != NULL)
		fingerprint(s, seats, nseats, qty);
	if (!s->hold_only && (k = replay(s)) != 0)
		return k > 0 ? DOM_OK : s->why;
	if ((why = not_on_sale(s->ev)) != NULL) {
		s->reason = why;
		return DOM_CONFLICT;
	}
	for (;;) {
		s->why = DOM_OK;
		s->reason = NULL;
		s->order_id = 0;
		at_commit = 0;
		if ((rc = db_begin(s->db)) == DB_OK) {
			rc = sale_tx(s, seats, nseats, qty, ttl);
			if (rc == DB_OK) {
				at_commit = 1;
				rc = db_commit(s->db);
			}
			if (rc == DB_OK)
				return DOM_OK;
			db_rollback(s->db);
		}
		if (rc == DB_DOWN) {
			if (downs++ >= TX_RECONNECTS)
				break;
			/* the answer stays until we know whether the order went in */
			if (at_commit && (k = committed_anyway(s)) != 0) {
				if (k > 0) {
					klog("purchase: the connection died at COMMIT, order %lld "
					    "is in: answering it", (long long)s->order_id);
					return DOM_OK;
				}
				break;	/* cannot tell: 503, and a retry with its key replays */
			}
			json_decref(s->answer);
			s->answer = NULL;
			/* nothing was committed: the next db_begin connects to the next node */
			klog("purchase: the database connection died; trying again on the next node");
			if (downs > 1)
				usleep(200000);
			continue;
		}
		if (s->answer != NULL) {
			json_decref(s->answer);
			s->answer = NULL;
		}
		if (rc == DB_DUP && s->idem != NULL && (k = replay(s)) != 0)
			return k > 0 ? DOM_OK : s->why;
		if (rc != DB_RETRY || ++tries >= TX_TRIES)
			break;
		/* a conflict: step aside a random moment so the two don't meet again */
		if (rand_bytes(&j, 1) == 0)
			usleep((useconds_t)(wait + wait * (unsigned)j / 256));
		if (wait < TX_WAIT_MAX_US)
			wait *= 2;
		if (lost_already(s, seats, nseats, qty))
			return s->why;
	}
	json_decref(s->answer);		/* a COMMIT whose outcome stayed unknown */
	s->answer = NULL;
	if (s->reason != NULL)
		return s->why;
	/* still in conflict after the tries: the truth if the seats went meanwhile */
	if (rc == DB_RETRY && lost_already(s, seats, nseats, qty))
		return s->why;
	/* else 409 busy, as the pages always answered */
	s->reason = rc == DB_DOWN ? "unavailable" : rc == DB_RETRY ? "busy" : "server_error";
	return rc == DB_DOWN ? DOM_DOWN : rc == DB_RETRY ? DOM_CONFLICT : DOM_ERR;
}

/*
 * A guest's per-person key, "e:" and the address as one mailbox: lower
 * case, the local part's "+tag" dropped, and for Gmail (where dots in the
 * local part are ignored on delivery, and googlemail.com is the same host)
 * without dots.  Other hosts keep their dots: they may mean another person.
 */
static void
guest_key(char *out, size_t sz, const char *email)
{
	const char	*at = strrchr(email, '@'), *p;
	int		 gmail;
	size_t		 o = 0;

	if (at == NULL) {
		snprintf(out, sz, "e:%s", email);
		return;
	}
	gmail = strcasecmp(at + 1, "gmail.com") == 0 || strcasecmp(at + 1, "googlemail.com") == 0;
	o = (size_t)snprintf(out, sz, "e:");
	for (p = email; p < at && *p != '+' && o + 1 < sz; p++)
		if (!(gmail && *p == '.'))
			out[o++] = (char)tolower((unsigned char)*p);
	out[o] = '\0';
	if (gmail)
		snprintf(out + o, sz - o, "@gmail.com");
	else
		for (p = at; *p != '\0' && o + 1 < sz; p++) {
			out[o++] = (char)tolower((unsigned char)*p);
			out[o] = '\0';
		}
}

/*
 * The sale of one buyer.  The per-person limit is the account's for its
 * own purchases ("u:<id>") and the address's for a guest's: a guest who
 * types a registered user's address spends none of that user's quota.
 */
static void
sale_init(struct sale *s, struct app *app, const struct dbres *ev, const char *cart,
    const struct buyer *b, const char *idem, const char *card)
{
	memset(s, 0, sizeof(*s));
	s->app = app;
	s->db = app->db;
	s->ev = ev;
	s->cart = cart;
	s->idem = idem;
	s->pay_token = card;
	if (b == NULL)
		return;
	s->user_id = b->user_id;
	s->email = b->email;
	s->name = b->name;
	s->phone = b->phone;
	s->lang = b->lang;
	if (b->user_id != 0)
		snprintf(s->buyer, sizeof(s->buyer), "u:%lld", (long long)b->user_id);
	else
		guest_key(s->buyer, sizeof(s->buyer), b->email);
}

enum dom_rc
sale_event(struct db *db, int64_t id, struct dbres **ev)
{
	enum db_rc	 rc;

	*ev = NULL;
	if ((rc = db_query(db, STMT_TK_EVENT, ev, "i", id)) != DB_OK)
		return dom_from_db(rc);
	if ((*ev)->nrows == 0 || strcmp(dbres_get(*ev, 0, "status"), "draft") == 0) {
		dbres_free(*ev);
		*ev = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

const char *
sale_mismatch(const struct dbres *ev, size_t nseats, int64_t qty)
{
	if (nseats > 0 && !dbres_int(ev, 0, "seated"))
		return "no_seats_here";
	if (qty > 0 && dbres_int(ev, 0, "seated"))
		return "seated_needs_seats";
	return NULL;
}

enum dom_rc
cart_hold(struct app *app, const struct dbres *ev, const char *cart, int64_t user_id,
    const char *addr, const int64_t *seats, size_t n, int64_t qty, const char **reason)
{
	struct sale	 s;
	enum dom_rc	 rc;

	if (n > MAX_SEATS_PER_ORDER || (n == 0 && qty <= 0)) {
		*reason = n > 0 ? "limit_exceeded" : "seats_invalid";
		return n > 0 ? DOM_LIMIT : DOM_INVALID;
	}
	/* one choice over the limit is refused; added to the cart's it is cut there (hold_fair) */
	if (n > (size_t)dbres_int(ev, 0, "max_per_person") ||
	    qty > dbres_int(ev, 0, "max_per_person")) {
		*reason = "limit_exceeded";
		return DOM_LIMIT;
	}
	sale_init(&s, app, ev, cart, NULL, NULL, NULL);
	s.user_id = user_id;
	s.addr = addr != NULL ? addr : "-";
	if (user_id != 0)
		snprintf(s.buyer, sizeof(s.buyer), "u:%lld", (long long)user_id);
	s.hold_only = 1;
	rc = sale_run(&s, seats, n, qty);
	*reason = rc == DOM_OK && s.capped ? "hold_capped" : s.reason;
	return rc;
}

enum dom_rc
cart_checkout(struct app *app, const struct dbres *ev, const char *cart, const struct buyer *b,
    const char *idem, const char *card, json_t **answer, const char **reason)
{
	struct sale	 s;
	enum dom_rc	 rc;

	sale_init(&s, app, ev, cart, b, idem, card);
	if ((rc = sale_run(&s, NULL, 0, 0)) == DOM_OK)
		*answer = s.answer;
	*reason = s.reason;
	return rc;
}

enum dom_rc
sale_purchase(struct app *app, const struct dbres *ev, const struct buyer *b,
    const int64_t *seats, size_t n, int64_t qty, const char *idem, const char *card,
    json_t **answer, const char **reason)
{
	struct sale	 s;
	enum dom_rc	 rc;
	char		*cart;

	/* a purchase over the API holds under a one-off cart of its own */
	if ((cart = random_token(32)) == NULL) {
		*reason = NULL;
		return DOM_ERR;
	}
	sale_init(&s, app, ev, cart, b, idem, card);
	s.fresh_cart = 1;
	if ((rc = sale_run(&s, seats, n, qty)) == DOM_OK)
		*answer = s.answer;
	*reason = s.reason;
	free(cart);
	return rc;
}

/*
 * The places of a pending order whose holds lapsed, taken again under its
 * cart if they are still free (pay_lines: the seats, or a quantity).
 * DB_OK, or DB_ERR with s->why/reason when they are gone.
 */
static enum db_rc
retake_places(struct sale *s, const char *lines_js)
{
	json_t		*lines, *seats, *v;
	json_error_t	 je;
	int64_t		*ids = NULL, ev = dbres_int(s->ev, 0, "id");
	size_t		 i, n;
	enum db_rc	 rc;

	if (lines_js == NULL || (lines = json_loads(lines_js, 0, &je)) == NULL)
		return refuse(s, DOM_CONFLICT, "hold_expired");
	seats = json_object_get(lines, "seats");
	n = json_array_size(seats);
	if ((rc = cart_release(s->db, s->cart, ev)) != DB_OK)
		goto out;
	if (n > 0 && n <= MAX_SEATS_PER_ORDER && (ids = calloc(n, sizeof(*ids))) != NULL) {
		json_array_foreach(seats, i, v)
			ids[i] = json_integer_value(v);
		rc = hold_seats(s->db, ev, s->cart, s->user_id, ids, n, 300, &s->why, &s->reason);
	} else if (json_integer_value(json_object_get(lines, "quantity")) > 0)
		rc = hold_ga(s->db, ev, s->cart, s->user_id,
		    json_integer_value(json_object_get(lines, "quantity")), 300, &s->why, &s->reason);
	else
		rc = refuse(s, DOM_CONFLICT, "hold_expired");
out:
	free(ids);
	json_decref(lines);
	return rc;
}

enum db_rc
order_paid_tx(struct app *app, int64_t order_id, const char *ref, int64_t amount,
    const char *currency, int take, int *refused)
{
	struct dbres	*o = NULL, *ev = NULL, *h = NULL;
	struct sale	 s;
	enum db_rc	 rc;
	const char	*st;
	int64_t		 evid;

	*refused = 0;
	if ((rc = db_query(app->db, STMT_PAY_ORDER_LOCK, &o, "i", order_id)) != DB_OK)
		goto out;
	if (o->nrows == 0) {
		klog("payment %s names order %lld, which is not ours", ref, (long long)order_id);
		goto out;
	}
	st = dbres_get(o, 0, "status");
	/* the same payment told twice: nothing more to do */
	if (dbres_get(o, 0, "pay_ref") != NULL && strcmp(dbres_get(o, 0, "pay_ref"), ref) == 0)
		goto out;
	/* money for an order that cannot have it (paid already, cancelled, wrong sum): back */
	if ((strcmp(st, "pending_payment") != 0 && strcmp(st, "expired") != 0) ||
	    (amount >= 0 && amount != dbres_int(o, 0, "total")) ||
	    (currency != NULL && strcmp(currency, dbres_get(o, 0, "currency")) != 0)) {
		klog("order %lld (%s): payment %s comes back at once", (long long)order_id, st, ref);
		rc = db_exec(app->db, STMT_PAY_CHARGE_ADD_EXTRA, NULL, NULL, "isi",
		    amount >= 0 ? amount : dbres_int(o, 0, "total"), ref, order_id);
		if (rc == DB_OK)
			rc = pay_refund_extra(app, order_id, ref,
			    amount >= 0 ? amount : dbres_int(o, 0, "total"), "not_payable");
		goto out;
	}
	evid = dbres_int(o, 0, "event_id");
	if ((rc = db_query(app->db, STMT_TK_EVENT, &ev, "i", evid)) != DB_OK)
		goto out;
	if (take && ev->nrows == 1 && strcmp(dbres_get(ev, 0, "status"), "cancelled") != 0) {
		memset(&s, 0, sizeof(s));
		s.app = app;
		s.db = app->db;
		s.ev = ev;
		s.cart = dbres_get(o, 0, "pay_cart");
		s.user_id = dbres_get(o, 0, "user_id") != NULL ? dbres_int(o, 0, "user_id") : 0;
		snprintf(s.buyer, sizeof(s.buyer), "%s", dbres_get(o, 0, "buyer"));
		s.email = dbres_get(o, 0, "buyer_email");
		s.name = dbres_get(o, 0, "buyer_name");
		s.phone = dbres_get(o, 0, "buyer_phone");
		s.lang = lang_parse(dbres_get(o, 0, "lang")) >= 0 ?
		    (enum lang)lang_parse(dbres_get(o, 0, "lang")) : LANG_EN;
		s.confirm_id = order_id;
		s.retake = strcmp(st, "expired") == 0;
		s.pay_ref = ref;
		rc = holds_release_expired(app->db, evid);
		if (rc == DB_OK)
			rc = db_query(app->db, STMT_TK_CART_HOLDS, &h, "sii", s.cart, evid, evid);
		/* the holds lapsed (late payment): the places again, if still free */
		if (rc == DB_OK && h->nrows == 0)
			rc = retake_places(&s, dbres_get(o, 0, "pay_lines"));
		if (rc == DB_OK)
			rc = checkout_tx(&s);
		json_decref(s.answer);
		if (rc == DB_OK)
			klog("order %lld paid (%s)", (long long)order_id, ref);
		else if (s.reason != NULL) {
			/* the caller rolls back and comes again with take = 0 */
			klog("order %lld paid (%s) but its places are gone (%s): refunding",
			    (long long)order_id, ref, s.reason);
			*refused = 1;
		}
		goto out;
	}
	/* paid too late for its places (or for a cancelled event): the money goes back */
	rc = db_exec(app->db, STMT_PAY_ORDER_LATE, NULL, NULL, "si", ref, order_id);
	if (rc == DB_OK && strcmp(st, "pending_payment") == 0)
		rc = order_expire_tx(app, order_id, NULL, NULL);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_PAY_CHARGE_ADD, NULL, NULL, "si", ref, order_id);
	if (rc == DB_OK)
		rc = pay_refund_queue(app, order_id, dbres_int(o, 0, "total"), "places_gone");
out:
	dbres_free(h);
	dbres_free(ev);
	dbres_free(o);
	return rc;
}

enum db_rc
order_expire_tx(struct app *app, int64_t order_id, const char *session, int *expired)
{
	struct dbres	*o = NULL;
	enum db_rc	 rc;
	uint64_t	 got = 0;

	if (expired != NULL)
		*expired = 0;
	/*
	 * Due (expires_at passed), the provider's checkout expired (its
	 * session), or (session NULL, from order_paid_tx) already late-paid.
	 */
	rc = db_exec(app->db, STMT_PAY_ORDER_EXPIRE, &got, NULL, "iis", order_id,
	    (int64_t)(session == NULL), session != NULL ? session : "");
	if (rc != DB_OK || got == 0)
		return rc;
	if ((rc = db_query(app->db, STMT_PAY_ORDER_LOCK, &o, "i", order_id)) != DB_OK)
		return rc;
	if (o->nrows == 1 && dbres_get(o, 0, "pay_cart") != NULL)
		rc = cart_release(app->db, dbres_get(o, 0, "pay_cart"), dbres_int(o, 0, "event_id"));
	if (rc == DB_OK && o->nrows == 1)
		rc = db_exec(app->db, STMT_PAY_BUYER_GIVE, NULL, NULL, "iisi",
		    dbres_int(o, 0, "places"), dbres_int(o, 0, "event_id"), dbres_get(o, 0, "buyer"),
		    dbres_int(o, 0, "places"));
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_TK_SEATMAP_BUMP, NULL, NULL, "i",
		    dbres_int(o, 0, "event_id"));
	if (rc == DB_OK && expired != NULL)
		*expired = 1;
	dbres_free(o);
	return rc;
}
