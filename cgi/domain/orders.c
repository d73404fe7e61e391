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

#define TX_TRIES		6
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
 * Turns the cart's holds on this event into an order and tickets, inside
 * the caller's transaction.  DB_OK with s->answer, or DB_ERR with
 * s->why/reason, or a database code.
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
	char		*js;
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
	rc = db_exec(s->db, STMT_TK_BUYER_TAKE, &got, NULL, "isiiii", ev, s->buyer, n, n,
	    dbres_int(s->ev, 0, "max_per_person"), dbres_int(s->ev, 0, "max_per_person"));
	if (rc != DB_OK)
		goto out;
	if (got == 0) {
		rc = refuse(s, DOM_LIMIT, "limit_exceeded");
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
	rc = db_exec(s->db, STMT_TK_ORDER_ADD, NULL, &order_id, "insssssiss" "sss", ev, s->user_id,
	    s->buyer, s->email, s->name, s->phone, lang_codes[s->lang], total,
	    dbres_get(s->ev, 0, "currency"), conf_str(s->app->conf, "Payments.Provider", "free"),
	    s->idem, s->idem != NULL ? s->fp : NULL, js);
	free(js);
	if (rc != DB_OK)
		goto out;	/* DB_DUP: the same Idempotency-Key raced us; the caller replays */
	if ((rc = tickets_insert(s, (int64_t)order_id, rows, seated)) != DB_OK)
		goto out;
	/* the counters move at the end: only the rows go here */
	rc = db_exec(s->db, STMT_TK_CART_CLEAR, NULL, NULL, "si", s->cart, ev);
	if (rc != DB_OK)
		goto out;
	if (pay(s, total) != 0) {
		/* CONTRACT §3 statuses: a payment that cannot go through is unprocessable */
		rc = refuse(s, DOM_DECLINED, "payment_declined");
		goto out;
	}
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
 * One purchase: optionally hold the given seats or quantity under the
 * sale's cart, then check out — all in one transaction, retried on a
 * deadlock.  DOM_OK with s->answer, else the refusal with s->reason.
 */
static enum dom_rc
sale_run(struct sale *s, const int64_t *seats, size_t nseats, int64_t qty)
{
	enum db_rc	 rc = DB_ERR;
	int		 attempt, k, ttl = conf_int(s->app->conf, "Holds.Seconds", 600);
	const char	*why;
	unsigned char	 j;

	if (!s->hold_only && s->idem != NULL)
		fingerprint(s, seats, nseats, qty);
	if (!s->hold_only && (k = replay(s)) != 0)
		return k > 0 ? DOM_OK : s->why;
	if ((why = not_on_sale(s->ev)) != NULL) {
		s->reason = why;
		return DOM_CONFLICT;
	}
	for (attempt = 0; attempt < TX_TRIES; attempt++) {
		s->why = DOM_OK;
		s->reason = NULL;
		if ((rc = db_begin(s->db)) != DB_OK)
			break;
		rc = sale_tx(s, seats, nseats, qty, ttl);
		if (rc == DB_OK)
			rc = db_commit(s->db);
		if (rc == DB_OK)
			return DOM_OK;
		db_rollback(s->db);
		if (s->answer != NULL) {
			json_decref(s->answer);
			s->answer = NULL;
		}
		if (rc == DB_DUP && s->idem != NULL && (k = replay(s)) != 0)
			return k > 0 ? DOM_OK : s->why;
		if (rc != DB_RETRY)
			break;
		/* a deadlock: step aside a random moment so the two don't meet again */
		if (rand_bytes(&j, 1) == 0)
			usleep((useconds_t)(1000 + (unsigned)j * 40 * (unsigned)(attempt + 1)));
	}
	if (s->reason != NULL)
		return s->why;
	/* still deadlocked after the tries: 409 busy, as the pages always answered */
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
