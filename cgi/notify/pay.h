/*
 * notify/pay.c: the payment providers behind one interface, and the
 * refund job.  A driver is a table of functions; Payments.Provider names
 * the one in use.  Adding a provider (Kaspi Pay, CloudPayments, Halyk
 * ePay) is one more pay_<name>.c with a `struct pay_driver` and its line
 * in pay.c's table.
 *
 * Network calls happen only in the job runner, or (create only) right
 * after an order's transaction committed, bounded by Payments.CreateTimeout.
 */
#ifndef KT_NOTIFY_PAY_H
#define KT_NOTIFY_PAY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "db/db.h"
#include "lib/app.h"

/* What a provider says about one checkout. */
enum pay_state { PAY_OPEN, PAY_PAID, PAY_EXPIRED, PAY_FAILED };

/* One order to pay, as the driver needs it (nothing here is the driver's to free). */
struct pay_order {
	int64_t		 id;
	int64_t		 amount;	/* minor units */
	const char	*currency;	/* ISO 4217, upper case */
	const char	*title;		/* the line item's name */
	const char	*email;
	time_t		 expires_at;	/* end of the hold */
};

/* A webhook's event once its signature was checked. */
struct pay_event {
	char		*id;		/* the provider's event id (unique) */
	char		*type;
	enum pay_state	 state;		/* PAY_PAID, PAY_EXPIRED, else PAY_OPEN: nothing to do */
	int64_t		 order_id;	/* 0 when the event names none of ours */
	char		*session;	/* the checkout it is about */
	char		*ref;		/* the payment (Stripe: payment_intent) */
	int64_t		 amount;
	char		*currency;
};

struct pay_driver {
	const char	*name;
	/* 1: the buyer pays on the provider's page and a webhook confirms */
	int		 hosted;
	/* in-transaction approval of a token without any network (the test provider): 0 or -1 */
	int		(*charge)(const struct pay_order *, const char *token, char *ref, size_t reflen);
	/* a hosted checkout: *session and *url the caller's; 0, or -1 with err */
	int		(*create)(struct app *, const struct pay_order *, long timeout_s,
			    char **session, char **url, char *err, size_t errlen);
	/* the checkout's state now; *ref (the caller's) once paid; 0 or -1 */
	int		(*state)(struct app *, const char *session, enum pay_state *,
			    char **ref, char *err, size_t errlen);
	/* gives back amount of payment ref; idem makes a retry safe; 0 or -1 */
	int		(*refund)(struct app *, const char *ref, int64_t amount, const char *idem,
			    char **refund_ref, char *err, size_t errlen);
	/*
	 * A webhook: 0 with *ev filled when the signature over the raw body
	 * is right and recent; -1 otherwise (nothing of the body was used).
	 */
	int		(*webhook)(struct app *, const char *sig, const char *body, size_t len,
			    struct pay_event *ev, char *err, size_t errlen);
};

/* The drivers, each in its own file (pay_test.c, pay_stripe.c). */
extern const struct pay_driver pay_test, pay_stripe;

/* The driver of Payments.Provider ("free" for an unknown name, logged), never NULL. */
const struct pay_driver *pay_provider(HDF *conf);
/* A driver by name, or NULL. */
const struct pay_driver *pay_provider_named(const char *name);
void	 pay_event_free(struct pay_event *);

/*
 * Records a refund of amount (minor units) of a paid order and queues the
 * job that asks the provider, in the caller's transaction.  Nothing for an
 * order without a charge (free, pay at the door) or for amount <= 0.
 */
enum db_rc pay_refund_queue(struct app *, int64_t order_id, int64_t amount, const char *why);
/*
 * A refund of money the order never needed (a second checkout paid, a sum
 * that does not match, a cancelled order): of_ref's amount goes back
 * without counting against the order's total.
 */
enum db_rc pay_refund_extra(struct app *, int64_t order_id, const char *of_ref, int64_t amount,
	     const char *why);
/* The refund job ({"payment": id}): 0 done, -1 to retry (err filled). */
int	 pay_refund_job(struct app *, json_t *payload, char *err, size_t errlen);

#endif
