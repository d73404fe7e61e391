/*
 * The Stripe Checkout driver: Checkout Sessions for the hosted page,
 * checkout.session.completed / .expired webhooks signed with
 * Stripe-Signature (HMAC-SHA256 over "t.payload", Stripe.WebhookSecret),
 * and Refunds.  Form-encoded requests to Stripe.APIBase with the secret key
 * as a bearer token, JSON answers read with jansson.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "lib/app.h"
#include "lib/conf.h"
#include "lib/util.h"
#include "notify/pay.h"

/* Stripe's own default: a signature older (or newer) than this is refused. */
#define SIG_TOLERANCE	300
/* Stripe wants a session's expires_at 30 minutes to 24 hours ahead. */
#define SESSION_MIN_SECONDS	(30 * 60 + 60)

static size_t
collect(char *p, size_t size, size_t n, void *ctx)
{
	str_putn((STRING *)ctx, p, (int)(size * n));
	return size * n;
}

/*
 * One call to Stripe.APIBase + path; body form-encoded or NULL (GET).
 * 0 with *ans (the caller's) on a 2xx JSON answer, -1 with err otherwise.
 */
static int
stripe_call(struct app *app, const char *method, const char *path, const char *body,
    const char *idem, long timeout_s, json_t **ans, char *err, size_t errlen)
{
	CURL			*c;
	CURLcode		 rc;
	struct curl_slist	*h = NULL;
	STRING			 out;
	char			 ebuf[CURL_ERROR_SIZE] = "", *url, *auth, *ik = NULL;
	long			 status = -1;
	json_error_t		 je;
	int			 ok = -1;

	*ans = NULL;
	string_init(&out);
	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	url = xasprintf("%s%s", conf_str(app->conf, "Stripe.APIBase", "https://api.stripe.com"),
	    path);
	auth = xasprintf("Authorization: Bearer %s", conf_str(app->conf, "Stripe.SecretKey", ""));
	h = curl_slist_append(h, auth);
	if (idem != NULL) {
		ik = xasprintf("Idempotency-Key: %s", idem);
		h = curl_slist_append(h, ik);
	}
	if (body != NULL)
		h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_s < 10 ? timeout_s : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Kametay");
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "%s %s: %s", method, path, ebuf[0] ? ebuf : curl_easy_strerror(rc));
	else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		*ans = out.buf != NULL ? json_loads(out.buf, 0, &je) : NULL;
		if (status >= 200 && status < 300 && json_is_object(*ans))
			ok = 0;
		else {
			const char *m = json_string_value(json_object_get(
			    json_object_get(*ans, "error"), "message"));

			snprintf(err, errlen, "%s %s: HTTP %ld %s", method, path, status,
			    m != NULL ? m : "");
			json_decref(*ans);
			*ans = NULL;
		}
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	string_clear(&out);
	free(url);
	free(auth);
	free(ik);
	return ok;
}

/* key=value& with the value escaped, appended to s. */
static void
form_add(CURL *c, STRING *s, const char *key, const char *value)
{
	char *v = curl_easy_escape(c, value, 0);

	str_putf(s, "%s%s=%s", s->len > 0 ? "&" : "", key, v != NULL ? v : "");
	curl_free(v);
}

static int
stripe_create(struct app *app, const struct pay_order *o, long timeout_s, char **session,
    char **url, char *err, size_t errlen)
{
	CURL		*c;
	STRING		 f;
	char		 num[32], cur[4], *ok_url, *back_url;
	const char	*base = conf_str(app->conf, "Site.BaseURL", "");
	json_t		*ans = NULL;
	time_t		 exp = o->expires_at, min = time(NULL) + SESSION_MIN_SECONDS;
	size_t		 i;
	int		 rc = -1;

	*session = *url = NULL;
	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	for (i = 0; i < 3 && o->currency[i] != '\0'; i++)
		cur[i] = (char)(o->currency[i] >= 'A' && o->currency[i] <= 'Z' ?
		    o->currency[i] + 32 : o->currency[i]);
	cur[i] = '\0';
	ok_url = xasprintf("%s/cart/done?order=%lld&paying=1", base, (long long)o->id);
	back_url = xasprintf("%s/cart/done?order=%lld", base, (long long)o->id);
	string_init(&f);
	form_add(c, &f, "mode", "payment");
	form_add(c, &f, "line_items[0][quantity]", "1");
	form_add(c, &f, "line_items[0][price_data][currency]", cur);
	snprintf(num, sizeof(num), "%lld", (long long)o->amount);
	form_add(c, &f, "line_items[0][price_data][unit_amount]", num);
	form_add(c, &f, "line_items[0][price_data][product_data][name]", o->title);
	form_add(c, &f, "success_url", ok_url);
	form_add(c, &f, "cancel_url", back_url);
	snprintf(num, sizeof(num), "%lld", (long long)o->id);
	form_add(c, &f, "client_reference_id", num);
	form_add(c, &f, "metadata[order_id]", num);
	if (o->email != NULL && o->email[0] != '\0')
		form_add(c, &f, "customer_email", o->email);
	/*
	 * Our hold may be shorter than Stripe's shortest session: a payment
	 * after our expiry takes the places again if they are free, or is
	 * refunded at once (orders.c order_paid).
	 */
	snprintf(num, sizeof(num), "%lld", (long long)(exp > min ? exp : min));
	form_add(c, &f, "expires_at", num);
	curl_easy_cleanup(c);
	if (stripe_call(app, "POST", "/v1/checkout/sessions", f.buf, NULL, timeout_s, &ans, err,
	    errlen) == 0) {
		const char *id = json_string_value(json_object_get(ans, "id"));
		const char *u = json_string_value(json_object_get(ans, "url"));

		if (id != NULL && u != NULL && strncmp(u, "http", 4) == 0) {
			*session = xstrdup(id);
			*url = xstrdup(u);
			rc = 0;
		} else
			snprintf(err, errlen, "Stripe: a session without id or url");
	}
	json_decref(ans);
	string_clear(&f);
	free(ok_url);
	free(back_url);
	return rc;
}

/* A Checkout Session object's state. */
static enum pay_state
session_state(json_t *s)
{
	const char *st = json_string_value(json_object_get(s, "status"));
	const char *ps = json_string_value(json_object_get(s, "payment_status"));

	if (ps != NULL && strcmp(ps, "paid") == 0)
		return PAY_PAID;
	if (st != NULL && strcmp(st, "expired") == 0)
		return PAY_EXPIRED;
	return PAY_OPEN;
}

static int
stripe_state(struct app *app, const char *session, enum pay_state *state, char **ref, char *err,
    size_t errlen)
{
	json_t	*ans = NULL;
	char	*path;
	int	 rc;

	*ref = NULL;
	/* a session id from our own table, but never trusted into a path unchecked */
	if (strspn(session, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
	    strlen(session)) {
		snprintf(err, errlen, "Stripe: odd session id");
		return -1;
	}
	path = xasprintf("/v1/checkout/sessions/%s", session);
	rc = stripe_call(app, "GET", path, NULL, NULL, 20, &ans, err, errlen);
	if (rc == 0) {
		const char *pi = json_string_value(json_object_get(ans, "payment_intent"));

		*state = session_state(ans);
		if (pi != NULL)
			*ref = xstrdup(pi);
	}
	json_decref(ans);
	free(path);
	return rc;
}

static int
stripe_refund(struct app *app, const char *ref, int64_t amount, const char *idem,
    char **refund_ref, char *err, size_t errlen)
{
	CURL	*c;
	STRING	 f;
	char	 num[32];
	json_t	*ans = NULL;
	int	 rc = -1;

	*refund_ref = NULL;
	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	string_init(&f);
	form_add(c, &f, "payment_intent", ref);
	snprintf(num, sizeof(num), "%lld", (long long)amount);
	form_add(c, &f, "amount", num);
	curl_easy_cleanup(c);
	/* the Idempotency-Key: a retry after a lost answer gives back once */
	if (stripe_call(app, "POST", "/v1/refunds", f.buf, idem, 30, &ans, err, errlen) == 0) {
		const char *id = json_string_value(json_object_get(ans, "id"));
		const char *st = json_string_value(json_object_get(ans, "status"));

		if (id != NULL && (st == NULL || strcmp(st, "failed") != 0)) {
			*refund_ref = xstrdup(id);
			rc = 0;
		} else
			snprintf(err, errlen, "Stripe: refund %s", st != NULL ? st : "without id");
	}
	json_decref(ans);
	string_clear(&f);
	return rc;
}

/*
 * Stripe-Signature: t=<unix time>,v1=<hex>[,v1=<hex>][,v0=...].  0 when
 * one v1 is HMAC-SHA256(secret, t "." body) and t is within the window.
 */
static int
signature_ok(const char *secret, const char *sig, const char *body, size_t len, char *err,
    size_t errlen)
{
	unsigned char	 mac[32];
	char		 want[65], *msg, *copy, *p, *tok, *save = NULL;
	int64_t		 t = -1;
	int		 match = 0, any = 0;
	time_t		 now = time(NULL);

	if (secret == NULL || secret[0] == '\0') {
		snprintf(err, errlen, "Stripe.WebhookSecret is not set");
		return -1;
	}
	if (sig == NULL || strlen(sig) > 2048) {
		snprintf(err, errlen, "no Stripe-Signature");
		return -1;
	}
	copy = xstrdup(sig);
	for (p = copy; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL)
		if (strncmp(tok, "t=", 2) == 0 && parse_int64(tok + 2, 0, INT64_MAX, &t) != 0)
			t = -1;
	if (t < 0) {
		free(copy);
		snprintf(err, errlen, "Stripe-Signature without a timestamp");
		return -1;
	}
	if (t < (int64_t)now - SIG_TOLERANCE || t > (int64_t)now + SIG_TOLERANCE) {
		free(copy);
		snprintf(err, errlen, "Stripe-Signature timestamp outside the tolerance");
		return -1;
	}
	msg = xasprintf("%lld.", (long long)t);
	{
		size_t	 hl = strlen(msg);
		char	*full = malloc(hl + len + 1);

		if (full == NULL) {
			free(msg);
			free(copy);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		memcpy(full, msg, hl);
		memcpy(full + hl, body, len);
		hmac_sha256((const unsigned char *)secret, strlen(secret), full, hl + len, mac);
		free(full);
	}
	free(msg);
	hex_encode(mac, sizeof(mac), want);
	want[64] = '\0';
	free(copy);
	copy = xstrdup(sig);
	save = NULL;
	for (p = copy; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL)
		if (strncmp(tok, "v1=", 3) == 0) {
			any = 1;
			if (strlen(tok + 3) == 64 && ct_equal(tok + 3, want, 64))
				match = 1;
		}
	free(copy);
	if (!match)
		snprintf(err, errlen, any ? "Stripe-Signature does not match" :
		    "Stripe-Signature without v1");
	return match ? 0 : -1;
}

static char *
jdup(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? xstrdup(v) : NULL;
}

static int
stripe_webhook(struct app *app, const char *sig, const char *body, size_t len,
    struct pay_event *ev, char *err, size_t errlen)
{
	json_t		*j, *obj;
	json_error_t	 je;
	const char	*oid;
	int64_t		 n;

	memset(ev, 0, sizeof(*ev));
	if (signature_ok(conf_str(app->conf, "Stripe.WebhookSecret", NULL), sig, body, len, err,
	    errlen) != 0)
		return -1;
	/* only now is the body read */
	if ((j = json_loadb(body, len, 0, &je)) == NULL || !json_is_object(j) ||
	    (ev->id = jdup(j, "id")) == NULL || (ev->type = jdup(j, "type")) == NULL) {
		json_decref(j);
		/* the caller frees nothing of a refused event */
		free(ev->id);
		free(ev->type);
		memset(ev, 0, sizeof(*ev));
		snprintf(err, errlen, "a signed event that is not a Stripe event");
		return -1;
	}
	obj = json_object_get(json_object_get(j, "data"), "object");
	ev->state = PAY_OPEN;
	if (strncmp(ev->type, "checkout.session.", 17) == 0 && json_is_object(obj)) {
		if (strcmp(ev->type, "checkout.session.completed") == 0 ||
		    strcmp(ev->type, "checkout.session.async_payment_succeeded") == 0)
			ev->state = session_state(obj) == PAY_PAID ? PAY_PAID : PAY_OPEN;
		else if (strcmp(ev->type, "checkout.session.expired") == 0)
			ev->state = PAY_EXPIRED;
		ev->session = jdup(obj, "id");
		ev->ref = jdup(obj, "payment_intent");
		ev->currency = jdup(obj, "currency");
		ev->amount = json_integer_value(json_object_get(obj, "amount_total"));
		oid = json_string_value(json_object_get(json_object_get(obj, "metadata"), "order_id"));
		if (oid == NULL)
			oid = json_string_value(json_object_get(obj, "client_reference_id"));
		if (oid != NULL && parse_int64(oid, 1, INT64_MAX, &n) == 0)
			ev->order_id = n;
		if (ev->currency != NULL)
			for (n = 0; ev->currency[n] != '\0'; n++)
				if (ev->currency[n] >= 'a' && ev->currency[n] <= 'z')
					ev->currency[n] = (char)(ev->currency[n] - 32);
	}
	json_decref(j);
	return 0;
}

const struct pay_driver pay_stripe = {
	.name = "stripe",
	.hosted = 1,
	.charge = NULL,
	.create = stripe_create,
	.state = stripe_state,
	.refund = stripe_refund,
	.webhook = stripe_webhook,
};
