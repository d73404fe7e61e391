/*
 * domain/payments.c: an order's payment through a hosted provider — the
 * checkout started after the order's commit, the signed webhooks, expiry
 * of what was never paid, the reconciliation job, the payment history.
 */
#ifndef KT_DOMAIN_PAYMENTS_H
#define KT_DOMAIN_PAYMENTS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"

/*
 * A provider's webhook (raw body, its signature header).  The signature is
 * checked before anything of the body is read: DOM_INVALID
 * (signature_invalid) when it is wrong or old, and nothing changes.  Then
 * each event is applied once (payment_events), in any order: DOM_OK.
 */
enum dom_rc pay_webhook(struct app *, const char *provider, const char *sig, const char *body,
	     size_t len, const char **reason);
/*
 * Starts (or starts again) the payment of a pending order: a checkout at
 * the provider, bounded by Payments.CreateTimeout seconds, outside any
 * transaction.  DOM_OK with *url (the caller's), DOM_CONFLICT
 * order_not_pending, DOM_DOWN payment_unavailable (the order stays pending).
 */
enum dom_rc order_pay_start(struct app *, int64_t order_id, char **url, const char **reason);
/* The job runner's sweep: pending orders past their hold expire, places freed. */
void	 pay_expire_sweep(struct app *);
/* The pay_check job: the checkout's state at the provider when no webhook came. */
int	 pay_check_job(struct app *, json_t *payload, char *err, size_t errlen);
/* An order's charges and refunds, oldest first (STMT_PAY_HISTORY; the caller's). */
enum dom_rc order_payments(struct db *, int64_t order_id, struct dbres **);
/*
 * A cancelled paid ticket's or event's money back, in the caller's
 * transaction (tickets.c, event_rules.c): a refund row and its job.
 */
enum db_rc pay_refund_ticket(struct app *, int64_t ticket_id);
enum db_rc pay_refund_event(struct app *, int64_t event_id);

#endif
