/*
 * domain/guests.c: what a guest (a buyer without an account) proves with
 * a signed value, and the mailed link to their tickets.
 */
#ifndef KT_DOMAIN_GUESTS_H
#define KT_DOMAIN_GUESTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/app.h"
#include "lib/render.h"

/* "<b64 address>.<until>.<b64 HMAC>"; caller frees. */
char	*guest_sign(struct app *, const char *email, time_t until);
/* The address a signed value proves (unexpired), or NULL; caller frees. */
char	*guest_verify(struct app *, const char *v);
/*
 * A guest checkout proves only the orders it made, never the address that
 * was typed: "<id>-<id>….<until>.<b64 HMAC>" over up to GUEST_ORDERS_MAX
 * order ids (the newest last); caller frees.
 */
#define GUEST_ORDERS_MAX	16
char	*guest_orders_sign(struct app *, const int64_t *ids, size_t n, time_t until);
/*
 * The order ids a signed value proves (unexpired) into ids[GUEST_ORDERS_MAX];
 * returns their number, 0 for a missing, expired or forged value.
 */
size_t	 guest_orders_verify(struct app *, const char *v, int64_t *ids);
/*
 * Mails a one-hour link to the tickets bought with `email`, if any, at
 * most three times in 15 minutes per address.  Says nothing either way:
 * the page answers the same whoever asks.
 */
void	 guest_link_send(struct app *, enum lang, const char *email);

#endif
