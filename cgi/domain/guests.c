/*
 * Guests see their tickets through a signed value: the address, an expiry
 * and HMAC(secret, both).  Made at guest checkout (the cookie), in the
 * purchase mail and by the "find my tickets" link; the pages read and
 * set the cookie.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/guests.h"
#include "lib/app.h"
#include "lib/util.h"
#include "notify/buyer_mail.h"

#define GUEST_LINK_SECONDS	3600

char *
guest_sign(struct app *app, const char *email, time_t until)
{
	unsigned char	 mac[32];
	char		*msg, *e64, *m64, *out;

	msg = xasprintf("guest:%lld:%s", (long long)until, email);
	hmac_sha256(app->secret, sizeof(app->secret), msg, strlen(msg), mac);
	free(msg);
	e64 = b64url_encode((const unsigned char *)email, strlen(email));
	m64 = b64url_encode(mac, sizeof(mac));
	out = xasprintf("%s.%lld.%s", e64 ? e64 : "", (long long)until, m64 ? m64 : "");
	free(e64);
	free(m64);
	return out;
}

char *
guest_verify(struct app *app, const char *v)
{
	const char	*d1, *d2;
	unsigned char	*email = NULL;
	size_t		 elen;
	int64_t		 until;
	char		*num, *want, *e;

	if (v == NULL || (d1 = strchr(v, '.')) == NULL || (d2 = strchr(d1 + 1, '.')) == NULL)
		return NULL;
	num = strndup(d1 + 1, (size_t)(d2 - d1 - 1));
	if (num == NULL || parse_int64(num, 0, INT64_MAX, &until) != 0 || until < time(NULL) ||
	    b64url_decode(v, (size_t)(d1 - v), &email, &elen) != 0) {
		free(num);
		free(email);
		return NULL;
	}
	free(num);
	e = strndup((const char *)email, elen);
	free(email);
	if (e == NULL || strlen(e) != elen || !email_valid(e)) {
		free(e);
		return NULL;
	}
	want = guest_sign(app, e, (time_t)until);
	if (strlen(want) != strlen(v) || !ct_equal(want, v, strlen(v))) {
		free(want);
		free(e);
		return NULL;
	}
	free(want);
	return e;
}

/* The MAC of an order list: its own prefix, so it never passes for an address. */
static char *
guest_orders_mac(struct app *app, const char *list, time_t until)
{
	unsigned char	 mac[32];
	char		*msg;

	msg = xasprintf("guest-orders:%lld:%s", (long long)until, list);
	hmac_sha256(app->secret, sizeof(app->secret), msg, strlen(msg), mac);
	free(msg);
	return b64url_encode(mac, sizeof(mac));
}

char *
guest_orders_sign(struct app *app, const int64_t *ids, size_t n, time_t until)
{
	char	*list = xstrdup(""), *next, *m64, *out;
	size_t	 i;

	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%lld", list, i > 0 ? "-" : "", (long long)ids[i]);
		free(list);
		list = next;
	}
	m64 = guest_orders_mac(app, list, until);
	out = xasprintf("%s.%lld.%s", list, (long long)until, m64 ? m64 : "");
	free(m64);
	free(list);
	return out;
}

size_t
guest_orders_verify(struct app *app, const char *v, int64_t *ids)
{
	const char	*d1, *d2, *p;
	char		*list = NULL, *num = NULL, *want = NULL, *end;
	int64_t		 until;
	size_t		 n = 0, ok = 0;
	long long	 id;

	if (v == NULL || (d1 = strchr(v, '.')) == NULL || (d2 = strchr(d1 + 1, '.')) == NULL ||
	    d1 == v)
		goto out;
	list = strndup(v, (size_t)(d1 - v));
	num = strndup(d1 + 1, (size_t)(d2 - d1 - 1));
	if (list == NULL || num == NULL || parse_int64(num, 0, INT64_MAX, &until) != 0 ||
	    until < time(NULL))
		goto out;
	for (p = list; *p != '\0'; p = *end == '-' ? end + 1 : end) {
		if (*p < '1' || *p > '9' || n == GUEST_ORDERS_MAX)
			goto out;
		id = strtoll(p, &end, 10);
		if (id <= 0 || (*end != '-' && *end != '\0') || (*end == '-' && end[1] == '\0'))
			goto out;
		ids[n++] = (int64_t)id;
	}
	if ((want = guest_orders_mac(app, list, (time_t)until)) == NULL ||
	    strlen(want) != strlen(d2 + 1) || !ct_equal(want, d2 + 1, strlen(want)))
		goto out;
	ok = n;
out:
	free(list);
	free(num);
	free(want);
	return ok;
}

/*
 * At most three links per address in 15 minutes, whoever asks: the site
 * must not become a way to flood someone's mailbox.
 */
static int
guest_link_throttled(struct db *db, const char *email)
{
	struct dbres	*n = NULL;
	char		*key = xasprintf("find:%s", email);
	int		 over = 1;

	if (db_query(db, STMT_LOGIN_FAIL_COUNT_EMAIL, &n, "isi", (int64_t)15, key,
	    (int64_t)15) == DB_OK)
		over = dbres_int(n, 0, "n") >= 3;
	dbres_free(n);
	/* a count that did not go up only lets one more link through */
	if (!over)
		(void)db_exec(db, STMT_LOGIN_FAIL_ADD, NULL, NULL, "ss", key, "find");
	free(key);
	return over;
}

void
guest_link_send(struct app *app, enum lang lang, const char *email)
{
	struct dbres	*res = NULL;
	char		*sig;

	if (guest_link_throttled(app->db, email))
		return;
	if (db_query(app->db, STMT_TK_GUEST_HAS, &res, "s", email) == DB_OK &&
	    dbres_int(res, 0, "n") > 0) {
		sig = guest_sign(app, email, time(NULL) + GUEST_LINK_SECONDS);
		/* the answer is the same either way: a mail that failed is only logged */
		(void)buyer_mail_guest_link(app, lang, email, sig);
		free(sig);
	}
	dbres_free(res);
}
