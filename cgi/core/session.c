/*
 * Sessions and CSRF.
 *
 * A session is a 256-bit random token in the "sid" cookie; the database
 * keeps only its SHA-256, so a leaked table signs nobody in.  Sessions end
 * after Session.IdleMinutes without a request or Session.AbsoluteHours
 * after sign-in, whichever comes first.
 *
 * CSRF: every visitor gets a random "csrf" cookie; forms carry
 * HMAC(secret, cookie).  A cross-site page can neither read the cookie nor
 * compute the HMAC, and nothing is stored server-side for anonymous
 * visitors.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"

static void
csrf_make(struct req *r)
{
	const char	*cookie = req_cookie_get(r, "csrf");
	unsigned char	 mac[32];
	char		 msg[96];

	if (cookie == NULL || strlen(cookie) != 43) {
		if ((r->csrf_cookie = random_token(32)) == NULL)
			return;
		cookie = r->csrf_cookie;
	}
	snprintf(msg, sizeof(msg), "csrf:%s", cookie);
	hmac_sha256(r->app->secret, sizeof(r->app->secret), msg, strlen(msg), mac);
	r->csrf = b64url_encode(mac, sizeof(mac));
}

/*
 * True when the query string names a "csrf" field.  cgi_parse merges the
 * URL's fields with the body's, so a token in a link (which leaks through
 * Referer, logs and history) would count: such a request is refused.
 */
static int
csrf_in_url(struct req *r)
{
	char		*qs = req_env(r, "QUERY_STRING");
	const char	*p, *next;
	int		 found = 0;

	for (p = qs; p != NULL && !found; p = next) {
		/* a key "csrf", bare, with a value, or spelt with an escape after it */
		found = strncmp(p, "csrf", 4) == 0 && (p[4] == '=' || p[4] == '&' ||
		    p[4] == '\0' || p[4] == '[' || p[4] == '%');
		if ((next = strchr(p, '&')) != NULL)
			next++;
	}
	free(qs);
	return found;
}

/* True when the POSTed "csrf" field (the body's, never the URL's) matches this visitor's cookie. */
int
csrf_check(struct req *r)
{
	const char *sent = req_form(r, "csrf");

	if (r->csrf_cookie != NULL)	/* no cookie came with the request */
		return 0;
	if (csrf_in_url(r))
		return 0;
	if (sent == NULL || r->csrf == NULL || strlen(sent) != strlen(r->csrf))
		return 0;
	return ct_equal(sent, r->csrf, strlen(r->csrf));
}

/*
 * Loads the signed-in user from the "sid" cookie.  Sets r->status to 503
 * when the database is down; a bad or expired cookie is simply cleared.
 */
void
session_load(struct req *r)
{
	const char	*tok = req_cookie_get(r, "sid");
	unsigned char	 h[32];
	struct dbres	*res = NULL;
	enum db_rc	 rc;

	if (!(r->route->flags & R_API))
		csrf_make(r);
	if (tok == NULL)
		return;
	if (strlen(tok) != 43) {
		req_cookie(r, "sid", "", 0);
		return;
	}
	sha256(tok, strlen(tok), h);
	rc = db_query(r->app->db, STMT_SESSION_GET, &res, "bi", h, sizeof(h),
	    (int64_t)conf_int(r->app->conf, "Session.IdleMinutes", 120));
	if (rc != DB_OK) {
		if (rc == DB_DOWN)
			r->status = 503;
		return;
	}
	if (res->nrows == 0) {
		req_cookie(r, "sid", "", 0);
		dbres_free(res);
		return;
	}
	r->session_id = dbres_int(res, 0, "sid");
	r->user.id = dbres_int(res, 0, "id");
	r->user.email = xstrdup(dbres_get(res, 0, "email"));
	r->user.first_name = xstrdup(dbres_get(res, 0, "first_name"));
	r->user.lang = xstrdup(dbres_get(res, 0, "lang"));
	r->user.role = (enum role)role_parse(dbres_get(res, 0, "role"));
	r->user.verified = (int)dbres_int(res, 0, "verified");
	/* one write a minute at most keeps the idle clock without a write per page */
	if (dbres_int(res, 0, "stale"))
		(void)db_exec(r->app->db, STMT_SESSION_TOUCH, NULL, NULL, "i", r->session_id);
	dbres_free(res);
}

/*
 * Signs user_id in with a fresh token (a new id at every sign-in, so a
 * token planted before sign-in is worthless).  0 or an HTTP status.
 */
int
session_start(struct req *r, int64_t user_id)
{
	char		*tok;
	unsigned char	 h[32];
	int		 hours = conf_int(r->app->conf, "Session.AbsoluteHours", 24 * 14);
	enum db_rc	 rc;

	if (r->session_id != 0)
		(void)db_exec(r->app->db, STMT_SESSION_DEL, NULL, NULL, "i", r->session_id);
	if ((tok = random_token(32)) == NULL)
		return 500;
	sha256(tok, strlen(tok), h);
	rc = db_exec(r->app->db, STMT_SESSION_NEW, NULL, NULL, "bii", h, sizeof(h),
	    user_id, (int64_t)hours);
	if (rc != DB_OK) {
		free(tok);
		return db_error_status(rc);
	}
	req_cookie(r, "sid", tok, hours * 3600);
	free(tok);
	return 0;
}

void
session_end(struct req *r)
{
	if (r->session_id != 0)
		(void)db_exec(r->app->db, STMT_SESSION_DEL, NULL, NULL, "i", r->session_id);
	r->session_id = 0;
	req_cookie(r, "sid", "", 0);
}
