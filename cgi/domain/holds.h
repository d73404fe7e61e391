/*
 * domain/holds.c: places held in a cart for a while — seats (one cart per
 * seat, by a unique key) and general admission (counted in events.held).
 */
#ifndef KT_DOMAIN_HOLDS_H
#define KT_DOMAIN_HOLDS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"

/* Frees the event's expired holds (and the general places they kept). */
enum db_rc holds_release_expired(struct db *, int64_t event_id);
/*
 * Drops a cart's holds on one event: a new choice replacing the old one,
 * "remove from cart", a waitlist offer that ran out.
 */
enum db_rc cart_release(struct db *, const char *cart, int64_t event_id);
/* One line of the cart's holds on the event (by its id; another cart's is left alone). */
enum db_rc cart_release_one(struct db *, const char *cart, int64_t event_id, int64_t hold_id);
/* The job runner's sweep: expired holds go, general places come back. */
void	 holds_sweep(struct db *);
/*
 * Put seats, or `qty` general places, in `cart` for `ttl` seconds inside
 * the caller's transaction (user_id 0 for a guest).  DB_OK; or DB_ERR with
 * *why and *reason set when refused (seat_not_found, seat_taken,
 * sold_out); or the database's code.
 */
enum db_rc hold_seats(struct db *, int64_t event_id, const char *cart, int64_t user_id,
	     const int64_t *seats, size_t n, int ttl, enum dom_rc *why, const char **reason);
enum db_rc hold_ga(struct db *, int64_t event_id, const char *cart, int64_t user_id,
	     int64_t qty, int ttl, enum dom_rc *why, const char **reason);

/*
 * Who takes a cart hold, and the limits on it (Limits.*; 0 is none):
 * places in one cart, from one remote address, from one address on one
 * event, and how long (seconds) a cart or address may keep renewing a hold.
 */
struct hold_limits {
	int64_t		 per_cart, per_addr, per_addr_event, max_seconds, cooldown;
};
struct hold_client {
	const char	*cart;
	const char	*addr;		/* the remote address */
	int64_t		 user_id;	/* 0 for a guest */
	const char	*buyer;		/* "u:<id>", the per-person key, when signed in */
	struct hold_limits lim;
};
/*
 * Inside the caller's transaction, before the cart's old holds on the
 * event go: may this client hold *n places (the event's max_pp per
 * person)?  With add, *n is added to what the cart holds of the event and
 * comes back as the new total, cut to the person's limit (*capped 1).
 * DB_OK with *ttl cut to what is left of lim.max_seconds and *age (for
 * hold_mark); DB_ERR with *why and *reason (hold_limit, limit_exceeded,
 * limit_reached: the cart holds the limit already, hold_time_up); or the
 * database's code.
 */
enum db_rc hold_fair(struct db *, const struct hold_client *, int64_t event_id, int64_t *n,
	     int add, int64_t max_pp, int *ttl, int64_t *age, int *capped, enum dom_rc *why,
	     const char **reason);
/*
 * Marks the cart's new holds on the event with the client and their age,
 * and remembers since and until when this address and cart hold it.
 */
enum db_rc hold_mark(struct db *, const struct hold_client *, int64_t event_id, int64_t age,
	     int ttl);

#endif
