/*
 * POST /payments/stripe/webhook: Stripe's signed events.  No session and no
 * CSRF token: the Stripe-Signature over the raw body is the authentication,
 * checked before the body is read (domain/payments.c).  400 for a bad or
 * old signature (nothing changed), 200 once applied or seen before, 5xx
 * when the database failed (Stripe sends it again).
 */
#include "config.h"

#include <stdlib.h>

#include "core/core.h"
#include "domain/payments.h"
#include "pages/pages.h"

void
h_stripe_webhook(struct req *r)
{
	char		*sig = req_env(r, "HTTP_STRIPE_SIGNATURE");
	const char	*reason = NULL;
	enum dom_rc	 rc;

	rc = pay_webhook(r->app, "stripe", sig, r->body != NULL ? r->body : "", r->bodylen,
	    &reason);
	free(sig);
	if (rc == DOM_OK)
		req_json(r, 200, json_pack("{s:b}", "received", 1));
	else if (rc == DOM_INVALID)
		req_api_error(r, 400, reason);
	else
		req_fail(r, rc, reason);
}
