/*
 * domain/guests.c: what a guest (a buyer without an account) proves with
 * a signed value, and the mailed link to their tickets.
 */
#ifndef KT_DOMAIN_GUESTS_H
#define KT_DOMAIN_GUESTS_H

#include <time.h>

#include "lib/app.h"
#include "lib/render.h"

/* "<b64 address>.<until>.<b64 HMAC>"; caller frees. */
char	*guest_sign(struct app *, const char *email, time_t until);
/* The address a signed value proves (unexpired), or NULL; caller frees. */
char	*guest_verify(struct app *, const char *v);
/*
 * Mails a one-hour link to the tickets bought with `email`, if any, at
 * most three times in 15 minutes per address.  Says nothing either way:
 * the page answers the same whoever asks.
 */
void	 guest_link_send(struct app *, enum lang, const char *email);

#endif
