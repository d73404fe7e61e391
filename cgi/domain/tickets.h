/*
 * Holds, carts, orders and tickets (domain/tickets.c) and the waiting list
 * (domain/waitlist.c).
 */
#ifndef KT_DOMAIN_TICKETS_H
#define KT_DOMAIN_TICKETS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "db/db.h"
#include "lib/app.h"
#include "lib/codes.h"

struct req;

/* tickets.c */
enum db_rc holds_release_expired(struct db *, int64_t event_id);
enum db_rc cart_release(struct db *, const char *cart, int64_t event_id);
void	 holds_sweep(struct db *);
int	 ticket_cancel(struct req *, const char *code);
struct dbres *sale_event(struct req *, int64_t id);
int	 cart_hold(struct req *, struct dbres *ev, const char *cart, const int64_t *seats,
	     size_t n, int64_t qty, int *status, const char **err);
int	 cart_checkout(struct req *, struct dbres *ev, const char *cart, const char *email,
	     const char *name, const char *phone, const char *idem, const char *card,
	     json_t **answer, int *status, const char **err);
/* defined in pages/shop.c for now */
char	*guest_sign_app(struct app *, const char *email, time_t until);

/* waitlist.c: offers the freed place to the first in line (in the caller's tx) */
enum db_rc waitlist_offer_next(struct app *, int64_t event_id, int64_t seat_id);
void	 waitlist_sweep(struct app *);

#endif
