/*
 * domain/waitlist.c: the waiting list of a full event — join, the offer
 * of a freed place to the first in line, its claim, and offers that run out.
 */
#ifndef KT_DOMAIN_WAITLIST_H
#define KT_DOMAIN_WAITLIST_H

#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"

/* Offers the freed place to the first in line (in the caller's tx). */
enum db_rc waitlist_offer_next(struct app *, int64_t event_id, int64_t seat_id);
/* The job runner: offers that ran out pass to the next in line. */
void	 waitlist_sweep(struct app *);
/*
 * Puts the user in line for a full published future event: DOM_OK,
 * DOM_NOT_FOUND, DOM_CONFLICT waitlist_not_full (there is a place to buy).
 */
enum dom_rc waitlist_join(struct app *, int64_t event_id, int64_t user_id, const char **reason);
/*
 * Moves the hold offered under `token` to the user's `cart`: DOM_OK with
 * *claimed (0 when the hold ran out meanwhile), DOM_NOT_FOUND
 * token_invalid (not theirs, taken, or run out).
 */
enum dom_rc waitlist_claim(struct app *, int64_t user_id, const char *token, const char *cart,
	     int *claimed, const char **reason);

#endif
