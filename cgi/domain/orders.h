/*
 * domain/orders.c: buying — an event on sale, a cart's holds turned into
 * an order and tickets in one transaction, the per-buyer limit and the
 * Idempotency-Key's replay.
 */
#ifndef KT_DOMAIN_ORDERS_H
#define KT_DOMAIN_ORDERS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/render.h"

#define MAX_SEATS_PER_ORDER	50

/* Who buys: an account (user_id) or a guest (user_id 0) by address. */
struct buyer {
	int64_t		 user_id;
	const char	*email, *name, *phone;
	enum lang	 lang;		/* of the confirmation mail */
};

/*
 * The event of a sale (a STMT_TK_EVENT row, the caller's to free in
 * *ev): DOM_NOT_FOUND for none or a draft, or a database failure.
 */
enum dom_rc sale_event(struct db *, int64_t id, struct dbres **ev);
/* Why seats or a quantity do not fit the event (seated or not), or NULL. */
const char *sale_mismatch(const struct dbres *ev, size_t nseats, int64_t qty);
/*
 * Puts seats or a quantity of one event in the cart: seats replace what
 * the cart held for it (the picker's whole choice), a quantity adds to
 * the cart's places up to the event's maximum per person (DOM_OK with
 * *reason "hold_capped" when cut there, else NULL), for a visitor at remote address addr (the Limits.Hold*
 * caps).  DOM_OK, or a refusal with *reason: seats_invalid,
 * limit_exceeded (held and bought places of a signed-in buyer count),
 * limit_reached (the cart holds the maximum already),
 * hold_limit (too much held by this cart or address), hold_time_up (held
 * for Limits.HoldMaxSeconds already: not renewed), seat_not_found, seat_taken, sold_out, event_cancelled,
 * event_closed, sales_closed, busy (409 after the retries), unavailable,
 * server_error.
 */
enum dom_rc cart_hold(struct app *, const struct dbres *ev, const char *cart, int64_t user_id,
	     const char *addr, const int64_t *seats, size_t n, int64_t qty, const char **reason);
/*
 * Buys what the cart holds for the event; `idem` (or NULL) makes a retry
 * get the first answer back, `card` is the test provider's token.  DOM_OK
 * with *answer {order_id, tickets, total, currency} (the caller's), or a
 * refusal as cart_hold's and hold_expired, limit_exceeded,
 * payment_declined.
 */
enum dom_rc cart_checkout(struct app *, const struct dbres *ev, const char *cart,
	     const struct buyer *, const char *idem, const char *card, json_t **answer,
	     const char **reason);
/* Holds and buys at once under a one-off cart (the API): cart_checkout's answers. */
enum dom_rc sale_purchase(struct app *, const struct dbres *ev, const struct buyer *,
	     const int64_t *seats, size_t n, int64_t qty, const char *idem, const char *card,
	     json_t **answer, const char **reason);


/*
 * A hosted payment arrived for an order (payments.c, inside the caller's
 * transaction).  take: turn it paid (its holds, or its places again if the
 * holds lapsed and they are free): DB_OK; *refused 1 when the places are
 * gone — the caller rolls back and calls again with take 0, which records
 * the payment and queues its refund.  A payment told twice changes nothing;
 * money for an order that cannot take it (paid by another checkout,
 * cancelled, another sum) is refunded at once.  amount -1: not told.
 */
enum db_rc order_paid_tx(struct app *, int64_t order_id, const char *ref, int64_t amount,
	     const char *currency, int take, int *refused);
/*
 * A pending order expires (in the caller's transaction): when it is due,
 * when its checkout `session` expired at the provider, or (session NULL)
 * whenever it is still pending.  Its places and per-person count go back.
 */
enum db_rc order_expire_tx(struct app *, int64_t order_id, const char *session, int *expired);

#endif
