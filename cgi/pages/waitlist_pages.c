/*
 * The waiting list's pages: join a full event, claim an offered place.
 * The list itself is in domain/waitlist.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "domain/result.h"
#include "domain/waitlist.h"
#include "lib/util.h"
#include "pages/pages.h"

/* POST /events/{id}/waitlist */
void
h_waitlist_join(struct req *r)
{
	int64_t		 id = req_param_id(r, 0);
	const char	*reason;
	enum dom_rc	 rc;
	char		*loc;

	rc = waitlist_join(r->app, id, r->user.id, &reason);
	/* not full: back to the event, where a place is there to buy now */
	if (rc != DOM_OK && (rc != DOM_CONFLICT || reason == NULL)) {
		req_fail(r, rc, NULL);
		return;
	}
	req_flash(r, rc == DOM_OK ? "waitlist_joined" : reason);
	loc = xasprintf("/events/%lld", (long long)id);
	req_redirect(r, loc);
	free(loc);
}

/* GET /waitlist/claim?token=: the offered hold moves into this visitor's cart. */
void
h_waitlist_claim(struct req *r)
{
	const char	*tok = req_query(r, "token"), *cart, *reason;
	enum dom_rc	 rc;
	int		 claimed;

	if (tok == NULL || strlen(tok) != 43) {
		req_fail(r, DOM_NOT_FOUND, "token_invalid");
		return;
	}
	if ((cart = cart_token(r)) == NULL) {
		req_fail(r, DOM_ERR, NULL);
		return;
	}
	if ((rc = waitlist_claim(r->app, r->user.id, tok, cart, &claimed, &reason)) != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	req_flash(r, claimed ? "waitlist_claimed" : "hold_expired");
	req_redirect(r, "/cart");
}
