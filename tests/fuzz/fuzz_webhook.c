/*
 * libFuzzer target for the Stripe webhook (notify/pay_stripe.c): the
 * Stripe-Signature header and, once it verifies, the event's JSON.  The
 * input's first line is the header, the rest the body.  A header starting
 * with '!' is replaced by a valid signature of the body made here (so the
 * fuzzer reaches the JSON reader); any other header is the attacker's.
 * Besides "no crash, no leak" it holds the driver to its promises:
 *
 *   - a header the fuzzer wrote never verifies (it cannot know the secret);
 *   - a signed, accepted event has an id and a type, and an order id only
 *     when one was given as digits.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/app.h"
#include "lib/util.h"
#include "notify/pay.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROMISE(c) do { if (!(c)) abort(); } while (0)
#define SECRET "whsec_fuzz"

static struct app app;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*nl = memchr(data, '\n', size);
	char			*hdr, *signed_in, sig[160], hex[65], err[256];
	const char		*body;
	size_t			 hlen, blen;
	unsigned char		 mac[32];
	struct pay_event	 ev;
	int			 rc, ours;

	if (app.conf == NULL) {
		if (hdf_init(&app.conf) != STATUS_OK)
			abort();
		hdf_set_value(app.conf, "Stripe.WebhookSecret", SECRET);
	}
	if (nl == NULL)
		return 0;
	hlen = (size_t)(nl - (const char *)data);
	body = nl + 1;
	blen = size - hlen - 1;
	hdr = malloc(hlen + 1);
	memcpy(hdr, data, hlen);
	hdr[hlen] = '\0';
	ours = hlen > 0 && hdr[0] == '!';
	if (ours) {
		long long	 t = (long long)time(NULL);
		char		*pre = xasprintf("%lld.", t);
		size_t		 pl = strlen(pre);

		signed_in = malloc(pl + blen + 1);
		memcpy(signed_in, pre, pl);
		memcpy(signed_in + pl, body, blen);
		hmac_sha256((const unsigned char *)SECRET, strlen(SECRET), signed_in, pl + blen, mac);
		hex_encode(mac, sizeof(mac), hex);
		hex[64] = '\0';
		snprintf(sig, sizeof(sig), "t=%lld,v1=%s", t, hex);
		free(signed_in);
		free(pre);
	}
	rc = pay_stripe.webhook(&app, ours ? sig : hdr, body, blen, &ev, err, sizeof(err));
	PROMISE(ours || rc != 0);
	if (rc == 0) {
		PROMISE(ev.id != NULL && ev.type != NULL);
		PROMISE(ev.order_id >= 0);
		pay_event_free(&ev);
	} else
		PROMISE(ev.id == NULL && ev.type == NULL && ev.session == NULL);
	free(hdr);
	return 0;
}
