/*
 * The buyer's pages: choose seats or a quantity, the cart with its
 * countdown, checkout (signed in or as a guest), the ticket with its QR
 * code, my tickets, cancel and change seat, "find my tickets" for guests.
 * The buying itself is in domain/orders.c; the door is pages/checkin.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "core/forms.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/access.h"
#include "domain/guests.h"
#include "domain/payments.h"
#include "domain/result.h"
#include "domain/tickets.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/conf.h"
#include "lib/qr.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

#define GUEST_COOKIE_SECONDS	(7 * 24 * 3600)

/* The visitor's cart: a random token in the "cart" cookie, made on first use. */
const char *
cart_token(struct req *r)
{
	const char *c = req_cookie_get(r, "cart");

	if (r->cart != NULL)
		return r->cart;
	if (c != NULL && strlen(c) == 43) {
		r->cart = xstrdup(c);
		return r->cart;
	}
	if ((r->cart = random_token(32)) == NULL)
		return NULL;
	req_cookie(r, "cart", r->cart, 24 * 3600);
	return r->cart;
}

/*
 * The guest's address, proven by the signed "guest" cookie (domain/guests.c),
 * or NULL.  Only the mailed link sets it: typing an address at checkout
 * proves nothing about who reads it.
 */
char *
guest_email(struct req *r)
{
	return guest_verify(r->app, req_cookie_get(r, "guest"));
}

/* The orders this browser's guest checkouts made ("guest_orders" cookie) into ids[]. */
static size_t
guest_orders(struct req *r, int64_t *ids)
{
	return guest_orders_verify(r->app, req_cookie_get(r, "guest_orders"), ids);
}

static int
guest_has_order(struct req *r, int64_t order)
{
	int64_t	ids[GUEST_ORDERS_MAX];
	size_t	i, n = guest_orders(r, ids);

	for (i = 0; i < n; i++)
		if (ids[i] == order)
			return 1;
	return 0;
}

static char *
seat_label(struct req *r, const char *section, const char *row, const char *seat)
{
	return xasprintf("%s, %s %s, %s %s", section, req_lang_str(r, "Lang.Shop.row"), row,
	    req_lang_str(r, "Lang.Shop.seat"), seat);
}


/* ---- choosing ---------------------------------------------------------- */

/* GET /events/{id}/seats: the seat picker without JavaScript. */
void
h_seats_page(struct req *r)
{
	struct dbres	*ev = NULL, *res = NULL;
	const char	*cart = req_cookie_get(r, "cart");
	char		 key[96], buf[64];
	const char	*cats[10];	/* the categories seen, as res holds them */
	const char	*prev_sec = "", *prev_row = "";
	size_t		 i, k = 0, ncat = 0, c;
	long		 si = -1, ri = -1;
	enum dom_rc	 rc;

	if ((rc = sale_event(r->app->db, req_param_id(r, 0), &ev)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	if (!dbres_int(ev, 0, "seated")) {
		dbres_free(ev);
		req_error(r, 404, NULL);
		return;
	}
	if (db_query(r->app->db, STMT_TK_SEATS, &res, "si", cart ? cart : "",
	    dbres_int(ev, 0, "id")) != DB_OK) {
		dbres_free(ev);
		req_error(r, 503, NULL);
		return;
	}
	for (i = 0; i < res->nrows; i++) {
		const char *sec = dbres_get(res, i, "section"), *rl = dbres_get(res, i, "row_label");
		const char *cat = dbres_get(res, i, "category");

		if (strcmp(sec, prev_sec) != 0) {
			si++;
			ri = -1;
			prev_sec = sec;
			prev_row = "";
			snprintf(key, sizeof(key), "Sections.%ld.Name", si);
			hdf_put(r->hdf, key, sec);
		}
		if (strcmp(rl, prev_row) != 0) {
			ri++;
			k = 0;
			prev_row = rl;
			snprintf(key, sizeof(key), "Sections.%ld.Rows.%ld.Label", si, ri);
			hdf_put(r->hdf, key, rl);
		}
		for (c = 0; c < ncat; c++)
			if (strcmp(cats[c], cat) == 0)
				break;
		if (c == ncat && ncat < 10) {
			cats[ncat] = cat;
			snprintf(key, sizeof(key), "Categories.%zu.Name", ncat);
			hdf_put(r->hdf, key, cat);
			if (dbres_get(res, i, "category_name") != NULL) {
				snprintf(key, sizeof(key), "Categories.%zu.Label", ncat);
				hdf_put(r->hdf, key, dbres_get(res, i, "category_name"));
			}
			if (dbres_get(res, i, "price") != NULL) {
				format_money(dbres_int(res, i, "price"), buf, sizeof(buf));
				snprintf(key, sizeof(key), "Categories.%zu.Price", ncat);
				hdf_put(r->hdf, key, buf);
			}
			snprintf(key, sizeof(key), "Categories.%zu.Class", ncat);
			snprintf(buf, sizeof(buf), "cat-%zu", ncat);
			hdf_put(r->hdf, key, buf);
			ncat++;
		}
#define SEAT(f) (snprintf(key, sizeof(key), "Sections.%ld.Rows.%ld.Seats.%zu." f, si, ri, k), key)
		hdf_put(r->hdf, SEAT("Id"), dbres_get(res, i, "id"));
		hdf_put(r->hdf, SEAT("Label"), dbres_get(res, i, "seat_label"));
		hdf_put(r->hdf, SEAT("Category"), cat);
		if (dbres_get(res, i, "price") != NULL) {
			format_money(dbres_int(res, i, "price"), buf, sizeof(buf));
			hdf_put(r->hdf, SEAT("Price"), buf);
		}
		hdf_put(r->hdf, SEAT("Status"), dbres_get(res, i, "status"));
		hdf_put(r->hdf, SEAT("Mine"), dbres_get(res, i, "mine"));
		snprintf(buf, sizeof(buf), "cat-%zu", c < 10 ? c : 9);
		hdf_put(r->hdf, SEAT("Class"), buf);
#undef SEAT
		k++;
	}
	dbres_free(res);
	hdf_put(r->hdf, "Event.Id", dbres_get(ev, 0, "id"));
	hdf_put(r->hdf, "Event.Name", dbres_get(ev, 0, "name"));
	format_local(db_time_parse(dbres_get(ev, 0, "starts_at")), buf, sizeof(buf),
	    "%d.%m.%Y %H:%M");
	hdf_put(r->hdf, "Event.StartsLocal", buf);
	format_iso_local(db_time_parse(dbres_get(ev, 0, "starts_at")), buf, sizeof(buf));
	hdf_put(r->hdf, "Event.StartsISO", buf);
	hdf_put(r->hdf, "Event.Currency", dbres_get(ev, 0, "currency"));
	hdf_put(r->hdf, "Event.Seated", "1");
	dbres_free(ev);
	shop_event_fill(r, req_param_id(r, 0));
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.seats_heading"));
	r->tpl = TPL_SEATS;
}

/*
 * The seats (repeated `seat`) or the `quantity` of the hold form: NULL,
 * or the reason it is invalid.
 */
static const char *
hold_what(struct req *r, int64_t *seats, size_t max, size_t *n, int64_t *qty)
{
	HDF		*q, *c;
	const char	*v;

	if ((q = hdf_get_obj(r->hdf, "Query.seat")) != NULL) {
		/* one value is the node itself; several are its children */
		c = hdf_obj_child(q) ? hdf_obj_child(q) : q;
		for (; c != NULL; c = hdf_obj_child(q) ? hdf_obj_next(c) : NULL) {
			if (*n == max || parse_int64(hdf_obj_value(c), 1, INT64_MAX, &seats[*n]) != 0)
				return "seats_invalid";
			(*n)++;
		}
		return NULL;
	}
	if ((v = req_form(r, "quantity")) != NULL)
		return parse_int64(v, 1, 50, qty) != 0 ? "quantity_invalid" : NULL;
	return "seats_invalid";
}

/* POST /events/{id}/hold: seats or a quantity into the cart; refused, the event page says why. */
void
h_hold(struct req *r)
{
	struct dbres	*ev = NULL;
	int64_t		 seats[64], qty = 0;
	size_t		 n = 0;
	const char	*cart, *err;
	enum dom_rc	 rc;
	char		 key[64];

	if ((rc = sale_event(r->app->db, req_param_id(r, 0), &ev)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	rc = DOM_INVALID;
	if ((err = hold_what(r, seats, sizeof(seats) / sizeof(seats[0]), &n, &qty)) == NULL &&
	    (err = sale_mismatch(ev, n, qty)) == NULL) {
		if ((cart = cart_token(r)) == NULL) {
			rc = DOM_ERR;
			err = "busy";
		} else
			rc = cart_hold(r->app, ev, cart, r->user.id, r->remote_addr, seats, n,
			    qty, &err);
	}
	dbres_free(ev);
	if (rc == DOM_OK) {
		/* a quantity added up to the person's limit says so */
		req_flash(r, err != NULL && strcmp(err, "hold_capped") == 0 ? "hold_capped" :
		    "added_to_cart");
		req_redirect(r, "/cart");
		return;
	}
	/* back to the event page with the reason */
	h_event(r);
	if (r->tpl == TPL_EVENT) {
		snprintf(key, sizeof(key), "Lang.Err.%s", err);
		hdf_put(r->hdf, "Errors.hold", req_lang_str(r, key));
		r->status = dom_status(rc);
	}
}

/* ---- the cart ---------------------------------------------------------- */

/* A hold's category name in the visitor's language (STMT_TK_CART_CATEGORY_NAMES), or NULL. */
static const char *
hold_category_name(const struct dbres *names, const char *hold_id)
{
	size_t	 i;

	for (i = 0; names != NULL && i < names->nrows; i++)
		if (strcmp(dbres_get(names, i, "id"), hold_id) == 0)
			return dbres_get(names, i, "category_name");
	return NULL;
}

static int
fill_cart(struct req *r, const char *cart)
{
	struct dbres	*h = NULL, *ev = NULL, *names = NULL;
	const char	*cname;
	enum db_rc	 rc;
	char		 key[80], buf[64], cur_code[8] = "";
	int64_t		 cur = -1, total = 0, left = 0, sums[8];
	long		 ci = -1;
	size_t		 i, k = 0, nsum = 0, j;
	char		 codes[8][8];

	/* the holds are locked FOR UPDATE by the statement: read them in a transaction */
	if ((rc = db_begin(r->app->db)) == DB_OK)
		rc = db_query(r->app->db, STMT_TK_CART_HOLDS, &h, "sii", cart, (int64_t)0, (int64_t)0);
	db_rollback(r->app->db);
	if (rc == DB_OK)
		rc = db_query(r->app->db, STMT_TK_CART_CATEGORY_NAMES, &names, "s", cart);
	if (rc != DB_OK) {
		dbres_free(h);
		req_db_error(r, rc);
		return -1;
	}
	for (i = 0; i <= h->nrows; i++) {
		if (i == h->nrows || dbres_int(h, i, "event_id") != cur) {
			if (ci >= 0) {
				format_money(total, buf, sizeof(buf));
				snprintf(key, sizeof(key), "Cart.%ld.Total", ci);
				hdf_put(r->hdf, key, buf);
				snprintf(key, sizeof(key), "Cart.%ld.SecondsLeft", ci);
				hdf_put_int(r->hdf, key, (int)left);
				/* the grand total, one sum per currency (events may differ) */
				for (j = 0; j < nsum && strcmp(codes[j], cur_code) != 0; j++)
					;
				if (j == nsum && nsum < sizeof(sums) / sizeof(sums[0])) {
					snprintf(codes[nsum], sizeof(codes[nsum]), "%s", cur_code);
					sums[nsum++] = 0;
				}
				if (j < nsum)
					sums[j] += total;
			}
			if (i == h->nrows)
				break;
			cur = dbres_int(h, i, "event_id");
			ci++;
			k = 0;
			total = 0;
			left = dbres_int(h, i, "seconds_left");
			snprintf(key, sizeof(key), "Cart.%ld.EventId", ci);
			hdf_put_int(r->hdf, key, (int)cur);
			if (db_query(r->app->db, STMT_TK_EVENT, &ev, "i", cur) == DB_OK && ev->nrows) {
				snprintf(key, sizeof(key), "Cart.%ld.EventName", ci);
				hdf_put(r->hdf, key, dbres_get(ev, 0, "name"));
				snprintf(key, sizeof(key), "Cart.%ld.Currency", ci);
				hdf_put(r->hdf, key, dbres_get(ev, 0, "currency"));
				snprintf(cur_code, sizeof(cur_code), "%s", dbres_get(ev, 0, "currency"));
				format_local(db_time_parse(dbres_get(ev, 0, "starts_at")), buf,
				    sizeof(buf), "%d.%m.%Y %H:%M");
				snprintf(key, sizeof(key), "Cart.%ld.StartsLocal", ci);
				hdf_put(r->hdf, key, buf);
			}
			dbres_free(ev);
			ev = NULL;
		}
		{
			int64_t	 qn = dbres_int(h, i, "quantity"), p = dbres_int(h, i, "price");
			char	*label;

			if (dbres_int(h, i, "seconds_left") < left)
				left = dbres_int(h, i, "seconds_left");
			total += qn * p;
			label = dbres_get(h, i, "seat_id") ? seat_label(r, dbres_get(h, i, "section"),
			    dbres_get(h, i, "row_label"), dbres_get(h, i, "seat_label")) :
			    xstrdup(req_lang_str(r, "Lang.Shop.general_admission"));
			snprintf(key, sizeof(key), "Cart.%ld.Items.%zu.Label", ci, k);
			hdf_put(r->hdf, key, label);
			free(label);
			snprintf(key, sizeof(key), "Cart.%ld.Items.%zu.HoldId", ci, k);
			hdf_put(r->hdf, key, dbres_get(h, i, "id"));
			snprintf(key, sizeof(key), "Cart.%ld.Items.%zu.Category", ci, k);
			hdf_put(r->hdf, key, dbres_get(h, i, "category"));
			if ((cname = hold_category_name(names, dbres_get(h, i, "id"))) != NULL) {
				snprintf(key, sizeof(key), "Cart.%ld.Items.%zu.CategoryName", ci, k);
				hdf_put(r->hdf, key, cname);
			}
			format_money(p, buf, sizeof(buf));
			snprintf(key, sizeof(key), "Cart.%ld.Items.%zu.Price", ci, k);
			hdf_put(r->hdf, key, buf);
			snprintf(key, sizeof(key), "Cart.%ld.Items.%zu.Quantity", ci, k);
			hdf_put_int(r->hdf, key, (int)qn);
			k++;
		}
	}
	dbres_free(h);
	dbres_free(names);
	for (j = 0; j < nsum; j++) {
		format_money(sums[j], buf, sizeof(buf));
		snprintf(key, sizeof(key), "Totals.%zu.Amount", j);
		hdf_put(r->hdf, key, buf);
		snprintf(key, sizeof(key), "Totals.%zu.Currency", j);
		hdf_put(r->hdf, key, codes[j]);
		if (sums[j] != 0)
			hdf_put(r->hdf, "Checkout.ToPay", "1");
	}
	return 0;
}

static void
cart_page(struct req *r)
{
	const char	*cart = req_cookie_get(r, "cart");
	char		*idem = random_token(16);

	if (cart != NULL && strlen(cart) == 43 && fill_cart(r, cart) != 0) {
		free(idem);
		return;
	}
	if (r->user.id == 0)
		hdf_put(r->hdf, "Checkout.Guest", "1");
	else {
		/* where the tickets go; an unconfirmed address is said so, never a dead end */
		hdf_put(r->hdf, "Checkout.Email", r->user.email);
		if (!r->user.verified)
			hdf_put(r->hdf, "Checkout.Unconfirmed", "1");
	}
	if (strcmp(conf_str(r->app->conf, "Payments.Provider", "free"), "test") == 0)
		hdf_put(r->hdf, "Checkout.Card", "1");
	if (idem != NULL)
		hdf_put(r->hdf, "Checkout.Idem", idem);
	free(idem);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.cart_heading"));
	r->tpl = TPL_CART;
}

void
h_cart(struct req *r)
{
	cart_page(r);
}

/*
 * POST /cart/release: a whole event out of the cart (event_id), or one
 * line of it (remove = "<event>:<hold>", the checkout form's per-seat
 * button, which posts the checkout form here by formaction).
 */
void
h_cart_release(struct req *r)
{
	const char	*cart = req_cookie_get(r, "cart"), *one = req_form(r, "remove"), *colon;
	int64_t		 ev = 0, hold = 0;
	char		 evs[24];
	enum db_rc	 rc;

	if (one != NULL && (colon = strchr(one, ':')) != NULL &&
	    (size_t)(colon - one) < sizeof(evs)) {
		memcpy(evs, one, (size_t)(colon - one));
		evs[colon - one] = '\0';
		if (parse_int64(evs, 1, INT64_MAX, &ev) != 0 ||
		    parse_int64(colon + 1, 1, INT64_MAX, &hold) != 0)
			ev = 0;
	} else if (one == NULL && parse_int64(req_form(r, "event_id"), 1, INT64_MAX, &ev) != 0)
		ev = 0;
	if (cart == NULL || ev == 0) {
		req_redirect(r, "/cart");
		return;
	}
	/* the same release as an expiry, at once */
	if ((rc = db_begin(r->app->db)) == DB_OK)
		rc = hold != 0 ? cart_release_one(r->app->db, cart, ev, hold) :
		    cart_release(r->app->db, cart, ev);
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		req_db_error(r, rc);
		return;
	}
	req_flash(r, hold != 0 ? "seat_removed" : "hold_released");
	req_redirect(r, "/cart");
}

/*
 * The guest's name, address and phone from the checkout form (errors in
 * *e); a signed-in buyer's come from the account.
 */
static void
checkout_guest(struct req *r, struct ferrs *e, char **name, char **email, char **phone)
{
	size_t i;

	*name = valid_text(r, e, "name", 200, 1);
	*email = valid_email(r, e, "email");
	if ((*phone = valid_text(r, e, "phone", 40, 1)) != NULL)
		for (i = 0; (*phone)[i] != '\0'; i++)
			if (strchr("0123456789+-() ", (*phone)[i]) == NULL) {
				ferr_add(e, "phone", "phone_invalid");
				break;
			}
}

/* The card number's digits only (the test provider's token). */
static void
card_digits(const char *card, char *out, size_t len)
{
	size_t i, o = 0;

	if (card != NULL)
		for (i = 0; card[i] != '\0' && o + 1 < len; i++)
			if (card[i] >= '0' && card[i] <= '9')
				out[o++] = card[i];
	out[o] = '\0';
}

/* The confirmation mail's language: the account's, else the page's. */
static enum lang
buyer_lang(struct req *r)
{
	int l = r->user.id != 0 ? lang_parse(r->user.lang) : -1;

	return l >= 0 ? (enum lang)l : r->lang;
}

/*
 * A pending order (a paid event under a hosted provider): its transaction
 * committed, now the provider's checkout, and the buyer is sent there.  If
 * the provider does not answer in time the order page offers "pay" again.
 * 1 when answered here; order 0: nothing to pay.
 */
static int
checkout_pay(struct req *r, int64_t order)
{
	const char	*reason;
	char		*url = NULL, *loc;

	if (order == 0)
		return 0;
	if (order_pay_start(r->app, order, &url, &reason) == DOM_OK) {
		req_redirect(r, url);
		free(url);
		return 1;
	}
	loc = xasprintf("/cart/done?order=%lld&pay_error=1", (long long)order);
	req_redirect(r, loc);
	free(loc);
	return 1;
}

#define CHECKOUT_EVENTS_MAX	16

/*
 * After a checkout: a guest's browser remembers the orders it made for a
 * week, and goes to what was bought (every order of the cart; the events
 * that could not be bought as miss=<event>.<reason>); with a pending
 * order (a hosted payment) to the provider's page first.
 */
static void
checkout_done(struct req *r, const int64_t *orders, size_t norders, const int64_t *missed,
    const char *const *why, size_t nmissed, int64_t pending)
{
	char	*loc, *g, *t;
	int64_t	 ids[GUEST_ORDERS_MAX];
	size_t	 n, i;

	/*
	 * A guest's browser may see the orders it made, not the address typed
	 * (anyone can type anyone's): the other orders of that address only
	 * through the mailed link.  The newest GUEST_ORDERS_MAX are kept.
	 */
	if (r->user.id == 0 && norders > 0) {
		n = guest_orders(r, ids);
		for (i = 0; i < norders; i++) {
			if (orders[i] <= 0 || guest_has_order(r, orders[i]))
				continue;
			if (n == GUEST_ORDERS_MAX) {
				memmove(ids, ids + 1, (n - 1) * sizeof(ids[0]));
				n--;
			}
			ids[n++] = orders[i];
		}
		g = guest_orders_sign(r->app, ids, n, time(NULL) + GUEST_COOKIE_SECONDS);
		req_cookie(r, "guest_orders", g, GUEST_COOKIE_SECONDS);
		free(g);
		/* this response's own cookie: guest_has_order() reads the request's */
	}
	if (checkout_pay(r, pending))
		return;
	req_flash(r, nmissed > 0 ? "purchased_part" : "purchased");
	loc = xstrdup("/cart/done?");
	for (i = 0; i < norders; i++) {
		t = xasprintf("%s%sorder=%lld", loc, i > 0 ? "&" : "", (long long)orders[i]);
		free(loc);
		loc = t;
	}
	for (i = 0; i < nmissed; i++) {
		t = xasprintf("%s&miss=%lld.%s", loc, (long long)missed[i], why[i]);
		free(loc);
		loc = t;
	}
	req_redirect(r, loc);
	free(loc);
}

/*
 * The events of the checkout form (repeated event_id): the ones the buyer
 * saw, so a double submit after the cart emptied replays them by key.
 */
static size_t
checkout_events(struct req *r, int64_t *evs, size_t max)
{
	HDF	*q, *c;
	size_t	 n = 0, i;
	int64_t	 v;

	if ((q = hdf_get_obj(r->hdf, "Query.event_id")) == NULL)
		return 0;
	c = hdf_obj_child(q) ? hdf_obj_child(q) : q;
	for (; c != NULL && n < max; c = hdf_obj_child(q) ? hdf_obj_next(c) : NULL) {
		if (parse_int64(hdf_obj_value(c), 1, INT64_MAX, &v) != 0)
			continue;
		for (i = 0; i < n && evs[i] != v; i++)
			;
		if (i == n)
			evs[n++] = v;
	}
	return n;
}

/*
 * An event of the checkout that was not bought: Errors.Events.<id> beside
 * it when the cart still shows it, else a line of its own in the summary.
 */
static void
checkout_missed(struct req *r, int64_t ev, const char *why, size_t n)
{
	struct dbres	*e = NULL;
	HDF		*c;
	char		 key[64], *line;
	const char	*text;

	snprintf(key, sizeof(key), "Lang.Err.%s", why);
	text = req_lang_str(r, key);
	for (c = hdf_get_child(r->hdf, "Cart"); c != NULL; c = hdf_obj_next(c))
		if (hdf_get_int_value(c, "EventId", 0) == ev) {
			snprintf(key, sizeof(key), "Errors.Events.%lld", (long long)ev);
			hdf_put(r->hdf, key, text);
			return;
		}
	if (db_query(r->app->db, STMT_TK_EVENT, &e, "i", ev) == DB_OK && e->nrows == 1)
		line = xasprintf("%s: %s", dbres_get(e, 0, "name"), text);
	else
		line = xstrdup(text);
	dbres_free(e);
	snprintf(key, sizeof(key), "Errors.Other.%zu", n);
	hdf_put(r->hdf, key, line);
	free(line);
}

/*
 * POST /cart/checkout: one form for the whole cart.  Each event is its own
 * order and its own transaction (cart_checkout, unchanged); the guest's
 * details and the card are asked once.  Nothing bought: the cart again
 * with every reason summarised on top.  Some bought: the done page shows
 * those orders and names the events that were not.
 */
void
h_cart_checkout(struct req *r)
{
	static const char *const keep[] = { "name", "email", "phone", NULL };
	struct dbres	*ev = NULL;
	struct ferrs	 e = { 0 };
	struct buyer	 b;
	const char	*cart = req_cookie_get(r, "cart"), *idem = req_form(r, "idem"), *err;
	const char	*why[CHECKOUT_EVENTS_MAX];
	char		*email = NULL, *name = NULL, *phone = NULL, card[32], *k;
	int64_t		 evs[CHECKOUT_EVENTS_MAX], orders[CHECKOUT_EVENTS_MAX];
	int64_t		 missed[CHECKOUT_EVENTS_MAX], pending = 0;
	size_t		 nev, i, nord = 0, nmiss = 0;
	json_t		*answer = NULL;
	enum dom_rc	 rc, worst = DOM_OK;

	if (cart == NULL || strlen(cart) != 43 ||
	    (nev = checkout_events(r, evs, CHECKOUT_EVENTS_MAX)) == 0) {
		req_redirect(r, "/cart");
		return;
	}
	if (idem != NULL && (*idem == '\0' || strlen(idem) > 80 || !utf8_valid(idem, strlen(idem))))
		idem = NULL;
	if (r->user.id != 0) {
		/* an unconfirmed address buys too: the tickets go to it, shown in My tickets */
		email = xstrdup(r->user.email);
		name = xstrdup(r->user.first_name);
	} else
		checkout_guest(r, &e, &name, &email, &phone);
	card_digits(req_form(r, "card"), card, sizeof(card));
	if (e.n > 0) {
		form_keep(r, keep);
		cart_page(r);
		ferr_answer(r, &e, TPL_CART);
		goto out;
	}
	b.user_id = r->user.id;
	b.email = email;
	b.name = name;
	b.phone = phone;
	b.lang = buyer_lang(r);
	for (i = 0; i < nev; i++) {
		/* one key per form and event: a double submit repeats each, no more */
		k = idem != NULL ? xasprintf("%s-%lld", idem, (long long)evs[i]) : NULL;
		answer = NULL;
		err = NULL;
		if ((rc = sale_event(r->app->db, evs[i], &ev)) == DOM_OK)
			rc = cart_checkout(r->app, ev, cart, &b, k, card, &answer, &err);
		else
			err = rc == DOM_NOT_FOUND ? "event_closed" : "unavailable";
		free(k);
		dbres_free(ev);
		ev = NULL;
		if (rc == DOM_OK) {
			const char *st = json_string_value(json_object_get(answer, "status"));

			orders[nord++] = json_integer_value(json_object_get(answer, "order_id"));
			/* a hosted payment: the first pending order goes to the provider */
			if (pending == 0 && st != NULL && strcmp(st, "pending_payment") == 0)
				pending = orders[nord - 1];
			json_decref(answer);
			continue;
		}
		missed[nmiss] = evs[i];
		why[nmiss++] = err != NULL ? err : "server_error";
		if (worst == DOM_OK || rc == DOM_DOWN || rc == DOM_ERR)
			worst = rc;
	}
	if (nord > 0) {
		checkout_done(r, orders, nord, missed, why, nmiss, pending);
		goto out;
	}
	form_keep(r, keep);
	cart_page(r);
	for (i = 0; i < nmiss; i++)
		checkout_missed(r, missed[i], why[i], i);
	hdf_put(r->hdf, "Errors.checkout", "1");
	r->status = dom_status(worst);
out:
	free(email);
	free(name);
	free(phone);
}

/* ---- tickets ----------------------------------------------------------- */

/*
 * The lists grouped by event (issue 13): Events.<group>.N (EventId,
 * EventName, StartsLocal, Tickets.K copied from Tickets.*), in date order:
 * upcoming soonest first, past and cancelled latest first.  The rows come
 * latest first, an event's tickets together (ORDER BY starts_at DESC, id).
 */
static void
fill_ticket_events(struct req *r, const struct dbres *res)
{
	static const char *const groups[] = { "current", "past", "cancelled" };
	size_t		*first, nb, b, bi, i, k, g;
	int64_t		 ev;
	char		 key[96], src[48];
	HDF		*h;
	NEOERR		*err;

	if (res->nrows == 0 || (first = calloc(res->nrows, sizeof(*first))) == NULL)
		return;
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		nb = 0;
		ev = -1;
		for (i = 0; i < res->nrows; i++) {
			snprintf(src, sizeof(src), "Tickets.%zu.Group", i);
			if (strcmp(hdf_get_value(r->hdf, src, ""), groups[g]) != 0)
				continue;
			if (dbres_int(res, i, "event_id") != ev)
				first[nb++] = i;
			ev = dbres_int(res, i, "event_id");
		}
		for (b = 0; b < nb; b++) {
			bi = g == 0 ? nb - 1 - b : b;
			ev = dbres_int(res, first[bi], "event_id");
#define EV(f) (snprintf(key, sizeof(key), "Events.%s.%zu." f, groups[g], b), key)
			snprintf(src, sizeof(src), "Tickets.%zu", first[bi]);
			hdf_put(r->hdf, EV("EventId"), dbres_get(res, first[bi], "event_id"));
			h = hdf_get_obj(r->hdf, src);
			hdf_put(r->hdf, EV("EventName"), hdf_get_value(h, "EventName", ""));
			hdf_put(r->hdf, EV("StartsLocal"), hdf_get_value(h, "StartsLocal", ""));
			for (i = first[bi], k = 0; i < res->nrows && dbres_int(res, i, "event_id") == ev;
			    i++) {
				snprintf(src, sizeof(src), "Tickets.%zu.Group", i);
				if (strcmp(hdf_get_value(r->hdf, src, ""), groups[g]) != 0)
					continue;
				snprintf(src, sizeof(src), "Tickets.%zu", i);
				snprintf(key, sizeof(key), "Events.%s.%zu.Tickets.%zu", groups[g], b, k++);
				if ((h = hdf_get_obj(r->hdf, src)) != NULL &&
				    (err = hdf_copy(r->hdf, key, h)) != STATUS_OK)
					klog_nerr("my tickets", &err);
			}
#undef EV
		}
	}
	free(first);
}

/* Ticket rows → Tickets.N for the lists, and Events.<group> (fill_ticket_events). */
static void
fill_ticket_list(struct req *r, const struct dbres *res)
{
	char	 key[64], buf[64];
	size_t	 i;

	for (i = 0; i < res->nrows; i++) {
		const char	*st = dbres_get(res, i, "status");
		const char	*group = strcmp(st, "cancelled") == 0 || strcmp(st, "voided") == 0 ?
		    "cancelled" : dbres_int(res, i, "future") ? "current" : "past";

#define TK(f) (snprintf(key, sizeof(key), "Tickets.%zu." f, i), key)
		hdf_put(r->hdf, TK("Code"), dbres_get(res, i, "code"));
		ticket_code_group(dbres_get(res, i, "code"), buf, sizeof(buf));
		hdf_put(r->hdf, TK("CodeGrouped"), buf);
		hdf_put(r->hdf, TK("EventId"), dbres_get(res, i, "event_id"));
		hdf_put(r->hdf, TK("EventName"), dbres_get(res, i, "event_name"));
		format_local(db_time_parse(dbres_get(res, i, "starts_at")), buf, sizeof(buf),
		    "%d.%m.%Y %H:%M");
		hdf_put(r->hdf, TK("StartsLocal"), buf);
		hdf_put(r->hdf, TK("Status"), st);
		hdf_put(r->hdf, TK("Group"), group);
		hdf_put(r->hdf, TK("Category"), dbres_get(res, i, "category"));
		if (dbres_get(res, i, "category_name") != NULL)
			hdf_put(r->hdf, TK("CategoryName"), dbres_get(res, i, "category_name"));
		if (dbres_get(res, i, "seat_id") != NULL) {
			char *l = seat_label(r, dbres_get(res, i, "section"),
			    dbres_get(res, i, "row_label"), dbres_get(res, i, "seat_label"));

			hdf_put(r->hdf, TK("Seat"), l);
			free(l);
		}
#undef TK
	}
	fill_ticket_events(r, res);
}

void
h_my_tickets(struct req *r)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	rc = db_query(r->app->db, STMT_TK_MY_TICKETS, &res, "i", r->user.id);
	if (rc != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	fill_ticket_list(r, res);
	dbres_free(res);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.my_tickets_heading"));
	r->tpl = TPL_MY_TICKETS;
}

/*
 * Who may look at a ticket: its holder (signed in, or the guest whose
 * signed cookie names the buyer's address), and the event's staff.
 * Returns 2 for the holder, 1 for staff, 0 for anyone else.
 */
static int
ticket_viewer(struct req *r, const struct dbres *t)
{
	enum eaccess	 a = EA_NONE;
	char		*g;
	int		 holder = 0;

	if (r->user.id != 0 && dbres_get(t, 0, "user_id") != NULL &&
	    dbres_int(t, 0, "user_id") == r->user.id)
		return 2;
	if (dbres_get(t, 0, "user_id") == NULL && guest_has_order(r, dbres_int(t, 0, "order_id")))
		return 2;
	if (dbres_get(t, 0, "user_id") == NULL && (g = guest_email(r)) != NULL) {
		holder = strcmp(g, dbres_get(t, 0, "buyer_email")) == 0;
		free(g);
		if (holder)
			return 2;
	}
	if (r->user.id != 0 && event_access(r->app->db, &r->user, dbres_int(t, 0, "event_id"), &a) == DB_OK &&
	    a != EA_NONE)
		return 1;
	return 0;
}

/*
 * Who may cancel or move a ticket: its account, or for a guest order the
 * visitor whose signed "guest" cookie (left by the mailed link) names the
 * buyer's address.  The checkout's own browser (guest_orders) may look,
 * not change: anyone can type anyone's address (issue 13).
 */
static int
ticket_changer(struct req *r, const struct dbres *t)
{
	char	*g;
	int	 ok;

	if (dbres_get(t, 0, "user_id") != NULL)
		return r->user.id != 0 && dbres_int(t, 0, "user_id") == r->user.id;
	if ((g = guest_email(r)) == NULL)
		return 0;
	ok = strcmp(g, dbres_get(t, 0, "buyer_email")) == 0;
	free(g);
	return ok;
}

/* Loads a ticket the visitor may see; NULL after answering 404/503 (also for calendar.c). */
struct dbres *
page_ticket(struct req *r, int *who)
{
	char		 code[25];
	struct dbres	*t = NULL;
	enum db_rc	 rc;

	if (ticket_code_norm(r->params[0], code) != 0) {
		req_error(r, 404, NULL);
		return NULL;
	}
	if ((rc = db_query(r->app->db, STMT_TK_TICKET_GET, &t, "s", code)) != DB_OK) {
		req_db_error(r, rc);
		return NULL;
	}
	if (t->nrows == 0 || (*who = ticket_viewer(r, t)) == 0) {
		dbres_free(t);
		req_error(r, 404, NULL);
		return NULL;
	}
	return t;
}

static void
ticket_fill(struct req *r, const struct dbres *t, int who)
{
	char		 buf[64], *url, *svg, *l;
	const char	*st = dbres_get(t, 0, "status");
	time_t		 when = db_time_parse(dbres_get(t, 0, "starts_at"));

	hdf_put(r->hdf, "Ticket.Code", dbres_get(t, 0, "code"));
	ticket_code_group(dbres_get(t, 0, "code"), buf, sizeof(buf));
	hdf_put(r->hdf, "Ticket.CodeGrouped", buf);
	hdf_put(r->hdf, "Ticket.Status", st);
	hdf_put(r->hdf, "Ticket.EventId", dbres_get(t, 0, "event_id"));
	hdf_put(r->hdf, "Ticket.EventName", dbres_get(t, 0, "event_name"));
	format_local(when, buf, sizeof(buf), "%d.%m.%Y %H:%M");
	hdf_put(r->hdf, "Ticket.StartsLocal", buf);
	format_iso_local(when, buf, sizeof(buf));
	hdf_put(r->hdf, "Ticket.StartsISO", buf);
	hdf_put(r->hdf, "Ticket.Venue", dbres_get(t, 0, "venue_name"));
	hdf_put(r->hdf, "Ticket.Address", dbres_get(t, 0, "venue_address"));
	hdf_put(r->hdf, "Ticket.Category", dbres_get(t, 0, "category"));
	if (dbres_get(t, 0, "category_name") != NULL)
		hdf_put(r->hdf, "Ticket.CategoryName", dbres_get(t, 0, "category_name"));
	format_money(dbres_int(t, 0, "price"), buf, sizeof(buf));
	hdf_put(r->hdf, "Ticket.Price", buf);
	hdf_put(r->hdf, "Ticket.Currency", dbres_get(t, 0, "currency"));
	hdf_put(r->hdf, "Ticket.Holder", dbres_get(t, 0, "buyer_name"));
	if (dbres_get(t, 0, "checked_in_at") != NULL) {
		format_local(db_time_parse(dbres_get(t, 0, "checked_in_at")), buf, sizeof(buf),
		    "%d.%m.%Y %H:%M");
		hdf_put(r->hdf, "Ticket.CheckedIn", buf);
	}
	if (dbres_get(t, 0, "seat_id") != NULL) {
		l = seat_label(r, dbres_get(t, 0, "section"), dbres_get(t, 0, "row_label"),
		    dbres_get(t, 0, "seat_label"));
		hdf_put(r->hdf, "Ticket.Seat", l);
		hdf_put(r->hdf, "Ticket.SeatId", dbres_get(t, 0, "seat_id"));
		free(l);
	}
	/* the QR carries the ticket's URL: scanned at the door it opens the check-in */
	url = xasprintf("%s/tickets/%s", conf_str(r->app->conf, "Site.BaseURL", ""),
	    dbres_get(t, 0, "code"));
	if ((svg = qr_svg(url)) != NULL)
		hdf_put(r->hdf, "Ticket.QR", svg);
	free(svg);
	free(url);
	if (who == 2 && ticket_changer(r, t) && strcmp(st, "valid") == 0 &&
	    dbres_int(t, 0, "future") &&
	    strcmp(dbres_get(t, 0, "event_status"), "published") == 0) {
		hdf_put(r->hdf, "Ticket.CanCancel", "1");
		if (dbres_get(t, 0, "seat_id") != NULL)
			hdf_put(r->hdf, "Ticket.CanChangeSeat", "1");
	}
	hdf_put(r->hdf, "Page.Cacheable", NULL);
}

void
h_ticket_page(struct req *r)
{
	struct dbres	*t;
	int		 who;

	if ((t = page_ticket(r, &who)) == NULL)
		return;
	ticket_fill(r, t, who);
	if (who == 2)
		cal_ticket_links(r, t);	/* calendar.c: Ticket.GoogleURL, Ticket.IcsURL */
	dbres_free(t);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.ticket_heading"));
	r->tpl = TPL_TICKET;
}

void
h_ticket_cancel(struct req *r)
{
	const char	*c = req_form(r, "confirm"), *reason;
	char		*loc, *g;
	enum dom_rc	 rc;

	if (c == NULL || strcmp(c, "1") != 0) {
		h_ticket_page(r);
		if (r->tpl == TPL_TICKET) {
			hdf_put(r->hdf, "Errors.confirm",
			    req_lang_str(r, "Lang.Err.confirm_required"));
			r->status = 422;
		}
		return;
	}
	g = guest_email(r);
	rc = ticket_cancel(r->app, r->user.id, g, r->params[0], &reason);
	free(g);
	if (rc != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	req_flash(r, "ticket_cancelled");
	loc = xasprintf("/tickets/%s", r->params[0]);
	req_redirect(r, loc);
	free(loc);
}

/* GET /tickets/{code}/change-seat: free seats of the same category. */
void
h_change_seat_page(struct req *r)
{
	struct dbres	*t, *res = NULL;
	int		 who;
	size_t		 i, k = 0;
	char		 key[48], *l;

	if ((t = page_ticket(r, &who)) == NULL)
		return;
	if (who != 2 || dbres_get(t, 0, "seat_id") == NULL || !ticket_changer(r, t)) {
		dbres_free(t);
		req_error(r, 404, NULL);
		return;
	}
	ticket_fill(r, t, who);
	if (db_query(r->app->db, STMT_TK_SEATS, &res, "si", "", dbres_int(t, 0, "event_id")) ==
	    DB_OK) {
		for (i = 0; i < res->nrows; i++) {
			if (strcmp(dbres_get(res, i, "status"), "available") != 0 ||
			    strcmp(dbres_get(res, i, "category"), dbres_get(t, 0, "category")) != 0)
				continue;
			snprintf(key, sizeof(key), "Seats.%zu.Id", k);
			hdf_put(r->hdf, key, dbres_get(res, i, "id"));
			l = seat_label(r, dbres_get(res, i, "section"), dbres_get(res, i, "row_label"),
			    dbres_get(res, i, "seat_label"));
			snprintf(key, sizeof(key), "Seats.%zu.Label", k);
			hdf_put(r->hdf, key, l);
			free(l);
			k++;
		}
		dbres_free(res);
	}
	dbres_free(t);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.change_seat_heading"));
	r->tpl = TPL_CHANGE_SEAT;
}

void
h_change_seat(struct req *r)
{
	int64_t		 seat;
	char		*loc, *msg, *g;
	const char	*reason;
	enum dom_rc	 rc;

	if (parse_int64(req_form(r, "seat"), 1, INT64_MAX, &seat) != 0) {
		h_change_seat_page(r);
		if (r->tpl == TPL_CHANGE_SEAT) {
			hdf_put(r->hdf, "Errors.seat", req_lang_str(r, "Lang.Err.seats_invalid"));
			r->status = 422;
		}
		return;
	}
	g = guest_email(r);
	rc = ticket_change_seat(r->app, r->user.id, g, r->params[0], seat, &reason);
	free(g);
	if (rc != DOM_OK) {
		req_fail(r, rc, reason);
		/* a lost race or a wrong seat: the same page again, with the reason */
		if (r->status == 409) {
			msg = xstrdup(hdf_get_value(r->hdf, "Error.Text", ""));
			r->tpl = TPL_NONE;
			h_change_seat_page(r);
			if (r->tpl == TPL_CHANGE_SEAT) {
				hdf_put(r->hdf, "Errors.seat", msg);
				r->status = 409;
			}
			free(msg);
		}
		return;
	}
	req_flash(r, "seat_changed");
	loc = xasprintf("/tickets/%s", r->params[0]);
	req_redirect(r, loc);
	free(loc);
}

/*
 * The order's payment state on its page: paid, or pending with "pay" and
 * a reload every few seconds (meta refresh, so without JavaScript too)
 * while the buyer is back from the provider and its webhook is awaited;
 * expired, cancelled, refunded.  The page only reads the state: the
 * webhook alone marks an order paid.
 */
static void
order_state_fill(struct req *r, const struct dbres *o, size_t n)
{
	const char	*st = dbres_get(o, 0, "status");
	char		 buf[64], key[48];

#define SK(f) (snprintf(key, sizeof(key), "Orders.%zu." f, n), key)
	/* a free order (or paid at the door) needs no payment state */
	if (strcmp(st, "paid") == 0 && dbres_get(o, 0, "pay_ref") == NULL)
		return;
	hdf_put(r->hdf, SK("Status"), st);
	if (dbres_get(o, 0, "pay_ref") != NULL)
		hdf_put(r->hdf, SK("PayRef"), dbres_get(o, 0, "pay_ref"));
	if (dbres_int(o, 0, "refunded") > 0) {
		format_money(dbres_int(o, 0, "refunded"), buf, sizeof(buf));
		hdf_put(r->hdf, SK("Refunded"), buf);
	}
	if (strcmp(st, "pending_payment") != 0)
		return;
	/* nothing is mailed before the payment: the page must not say so */
	hdf_put(r->hdf, "Order.Pending", "1");
	snprintf(buf, sizeof(buf), "/cart/orders/%s/pay", dbres_get(o, 0, "id"));
	hdf_put(r->hdf, SK("PayAction"), buf);
	snprintf(buf, sizeof(buf), "/cart/done?order=%s&paying=1", dbres_get(o, 0, "id"));
	hdf_put(r->hdf, SK("ReloadLink"), buf);
	format_local(time(NULL) + dbres_int(o, 0, "seconds_left"), buf, sizeof(buf), "%H:%M");
	hdf_put(r->hdf, SK("HeldUntil"), buf);
	if (req_query(r, "pay_error") != NULL)
		hdf_put(r->hdf, SK("PayError"), "1");
	if (req_query(r, "paying") != NULL) {
		hdf_put(r->hdf, SK("Waiting"), "1");
		hdf_put(r->hdf, "Page.RefreshSeconds", "3");
	}
#undef SK
}

/* Whether the order row (STMT_TK_ORDER_GET) is this visitor's. */
static int
order_mine(struct req *r, const struct dbres *o, int64_t id)
{
	char	*g = guest_email(r);
	int	 mine;

	mine = (r->user.id != 0 && dbres_get(o, 0, "user_id") != NULL &&
	    dbres_int(o, 0, "user_id") == r->user.id) ||
	    (dbres_get(o, 0, "user_id") == NULL && ((g != NULL &&
	    strcmp(g, dbres_get(o, 0, "buyer_email")) == 0) || guest_has_order(r, id)));
	free(g);
	return mine;
}

/* POST /cart/orders/{id}/pay: pay a pending order (again) at the provider. */
void
h_order_pay(struct req *r)
{
	struct dbres	*o = NULL;
	int64_t		 id = req_param_id(r, 0);
	const char	*reason;
	char		*url = NULL, *loc;
	enum dom_rc	 rc;

	if (id <= 0 || db_query(r->app->db, STMT_TK_ORDER_GET, &o, "i", id) != DB_OK ||
	    o->nrows == 0 || !order_mine(r, o, id)) {
		dbres_free(o);
		req_error(r, 404, NULL);
		return;
	}
	dbres_free(o);
	if ((rc = order_pay_start(r->app, id, &url, &reason)) == DOM_OK) {
		req_redirect(r, url);
		free(url);
		return;
	}
	loc = xasprintf("/cart/done?order=%lld%s", (long long)id,
	    rc == DOM_DOWN ? "&pay_error=1" : "");
	req_redirect(r, loc);
	free(loc);
}

/*
 * One order of the done page into Orders.<n>, when the visitor bought it;
 * 0 if shown, -1 if not theirs (or gone).
 */
static int
order_fill(struct req *r, int64_t id, size_t n, const char *guest)
{
	struct dbres	*o = NULL;
	json_t		*ans, *t;
	json_error_t	 je;
	size_t		 i;
	char		 key[64], buf[64], *v;
	int		 mine;

	if (db_query(r->app->db, STMT_TK_ORDER_GET, &o, "i", id) != DB_OK || o->nrows == 0) {
		dbres_free(o);
		return -1;
	}
	mine = (r->user.id != 0 && dbres_get(o, 0, "user_id") != NULL &&
	    dbres_int(o, 0, "user_id") == r->user.id) ||
	    (dbres_get(o, 0, "user_id") == NULL && ((guest != NULL &&
	    strcmp(guest, dbres_get(o, 0, "buyer_email")) == 0) || guest_has_order(r, id)));
	if (!mine || dbres_get(o, 0, "answer") == NULL ||
	    (ans = json_loads(dbres_get(o, 0, "answer"), 0, &je)) == NULL) {
		dbres_free(o);
		return -1;
	}
#define OK(f) (snprintf(key, sizeof(key), "Orders.%zu." f, n), key)
	hdf_put(r->hdf, OK("Id"), dbres_get(o, 0, "id"));
	hdf_put(r->hdf, OK("EventName"), dbres_get(o, 0, "event_name"));
	format_local(db_time_parse(dbres_get(o, 0, "starts_at")), buf, sizeof(buf),
	    "%d.%m.%Y %H:%M");
	hdf_put(r->hdf, OK("StartsLocal"), buf);
	format_money(dbres_int(o, 0, "total"), buf, sizeof(buf));
	hdf_put(r->hdf, OK("Total"), buf);
	hdf_put(r->hdf, OK("Currency"), dbres_get(o, 0, "currency"));
	hdf_put(r->hdf, "Order.Email", dbres_get(o, 0, "buyer_email"));
	order_state_fill(r, o, n);
	json_array_foreach(json_object_get(ans, "tickets"), i, t) {
		const char *code = json_string_value(json_object_get(t, "code"));
		json_t *seat = json_object_get(t, "seat");

		ticket_code_group(code, buf, sizeof(buf));
		snprintf(key, sizeof(key), "Orders.%zu.Tickets.%zu.Code", n, i);
		hdf_put(r->hdf, key, buf);
		snprintf(key, sizeof(key), "Orders.%zu.Tickets.%zu.Link", n, i);
		v = xasprintf("/tickets/%s", code);
		hdf_put(r->hdf, key, v);
		free(v);
		if (json_is_object(seat)) {
			v = seat_label(r, json_string_value(json_object_get(seat, "section")),
			    json_string_value(json_object_get(seat, "row")),
			    json_string_value(json_object_get(seat, "seat")));
			snprintf(key, sizeof(key), "Orders.%zu.Tickets.%zu.Seat", n, i);
			hdf_put(r->hdf, key, v);
			free(v);
		}
	}
#undef OK
	json_decref(ans);
	dbres_free(o);
	return 0;
}

/*
 * The events of a checkout that were not bought (miss=<event>.<reason>):
 * named with the reason in the visitor's language.  Only a known reason
 * word is shown; the event's name comes from the database.
 */
static void
missed_fill(struct req *r, const char *v, size_t n)
{
	struct dbres	*ev = NULL;
	const char	*dot = strchr(v, '.'), *p, *text;
	char		 num[24], key[64];
	int64_t		 id;

	if (dot == NULL || (size_t)(dot - v) >= sizeof(num) || strlen(dot + 1) > 40)
		return;
	for (p = dot + 1; *p != '\0'; p++)
		if ((*p < 'a' || *p > 'z') && *p != '_')
			return;
	memcpy(num, v, (size_t)(dot - v));
	num[dot - v] = '\0';
	snprintf(key, sizeof(key), "Lang.Err.%s", dot + 1);
	text = req_lang_str(r, key);
	if (parse_int64(num, 1, INT64_MAX, &id) != 0 || *text == '\0')
		return;
	if (db_query(r->app->db, STMT_TK_EVENT, &ev, "i", id) == DB_OK && ev->nrows == 1) {
		snprintf(key, sizeof(key), "Missed.%zu.EventName", n);
		hdf_put(r->hdf, key, dbres_get(ev, 0, "name"));
		snprintf(key, sizeof(key), "Missed.%zu.EventId", n);
		hdf_put(r->hdf, key, dbres_get(ev, 0, "id"));
		snprintf(key, sizeof(key), "Missed.%zu.Why", n);
		hdf_put(r->hdf, key, text);
	}
	dbres_free(ev);
}

/* GET /cart/done?order=N&order=M…: what a checkout bought, for its buyer. */
void
h_order_done(struct req *r)
{
	HDF		*q, *c;
	char		*g = guest_email(r);
	int64_t		 id;
	size_t		 n = 0, tries = 0, m = 0;

	if ((q = hdf_get_obj(r->hdf, "Query.order")) != NULL) {
		c = hdf_obj_child(q) ? hdf_obj_child(q) : q;
		for (; c != NULL && tries < CHECKOUT_EVENTS_MAX;
		    c = hdf_obj_child(q) ? hdf_obj_next(c) : NULL, tries++)
			if (parse_int64(hdf_obj_value(c), 1, INT64_MAX, &id) == 0 &&
			    order_fill(r, id, n, g) == 0)
				n++;
	}
	free(g);
	if (n == 0) {
		req_error(r, 404, NULL);
		return;
	}
	if ((q = hdf_get_obj(r->hdf, "Query.miss")) != NULL) {
		c = hdf_obj_child(q) ? hdf_obj_child(q) : q;
		for (; c != NULL && m < CHECKOUT_EVENTS_MAX; c = hdf_obj_child(q) ? hdf_obj_next(c) : NULL)
			missed_fill(r, hdf_obj_value(c), m++);
	}
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.order_heading"));
	r->tpl = TPL_ORDER;
}

/* ---- guests ------------------------------------------------------------ */

void
h_find_tickets_form(struct req *r)
{
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.find_heading"));
	r->tpl = TPL_FIND_TICKETS;
}

/*
 * Mails a one-hour link to whoever reads that address; the page says the
 * same whether or not tickets were bought with it.
 */
void
h_find_tickets(struct req *r)
{
	static const char *const keep[] = { "email", NULL };
	struct ferrs	 e = { 0 };
	char		*email;

	form_keep(r, keep);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.find_heading"));
	if ((email = valid_email(r, &e, "email")) == NULL) {
		ferr_answer(r, &e, TPL_FIND_TICKETS);
		return;
	}
	/* the page says the same whether or not a link went out */
	guest_link_send(r->app, r->lang, email);
	free(email);
	hdf_put(r->hdf, "Sent", "1");
	r->tpl = TPL_FIND_TICKETS;
}

/* GET /tickets/guest?k=: the mailed link; remembers the guest for a week. */
void
h_guest_link(struct req *r)
{
	char	*e = guest_verify(r->app, req_query(r, "k")), *g;

	if (e == NULL) {
		req_error(r, 404, "token_invalid");
		return;
	}
	g = guest_sign(r->app, e, time(NULL) + GUEST_COOKIE_SECONDS);
	req_cookie(r, "guest", g, GUEST_COOKIE_SECONDS);
	free(g);
	free(e);
	req_redirect(r, "/tickets/mine");
}

void
h_guest_tickets(struct req *r)
{
	char		*e = guest_email(r), *list, *next;
	struct dbres	*res = NULL;
	int64_t		 ids[GUEST_ORDERS_MAX];
	size_t		 i, n = guest_orders(r, ids);
	enum db_rc	 rc;

	if (e == NULL && n == 0) {
		req_redirect(r, "/tickets/find");
		return;
	}
	list = xstrdup("[");
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%lld", list, i > 0 ? "," : "", (long long)ids[i]);
		free(list);
		list = next;
	}
	next = xasprintf("%s]", list);
	free(list);
	list = next;
	rc = db_query(r->app->db, STMT_TK_GUEST_VIEW, &res, "ss", e != NULL ? e : "", list);
	free(list);
	if (rc != DB_OK) {
		free(e);
		req_db_error(r, rc);
		return;
	}
	fill_ticket_list(r, res);
	if (e != NULL)
		hdf_put(r->hdf, "Guest.Email", e);
	hdf_put(r->hdf, "Guest.Shown", "1");
	free(e);
	dbres_free(res);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Shop.guest_tickets_heading"));
	r->tpl = TPL_MY_TICKETS;
}
