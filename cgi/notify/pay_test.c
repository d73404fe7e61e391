/*
 * The test provider: approves a card token unless it says "decline" or is
 * 4000 0000 0000 0002, inside the purchase transaction and without any
 * network, as it always did; its refunds always go through.  For
 * development and the test suite, never for real money.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "notify/pay.h"

static int
test_charge(const struct pay_order *o, const char *token, char *ref, size_t reflen)
{
	if (token == NULL || strstr(token, "decline") != NULL ||
	    strcmp(token, "4000000000000002") == 0)
		return -1;
	snprintf(ref, reflen, "test_ch_%lld", (long long)o->id);
	return 0;
}

static int
test_refund(struct app *app, const char *ref, int64_t amount, const char *idem,
    char **refund_ref, char *err, size_t errlen)
{
	(void)app;
	(void)ref;
	(void)amount;
	(void)err;
	(void)errlen;
	*refund_ref = xasprintf("test_re_%s", idem);
	return 0;
}

const struct pay_driver pay_test = {
	.name = "test",
	.hosted = 0,
	.charge = test_charge,
	.refund = test_refund,
};
