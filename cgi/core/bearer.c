/*
 * Bearer tokens on API routes (core/core.h bearer_load): the access token
 * signs the request in; the API has no cookies, so no session and no CSRF.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/jwt.h"
#include "lib/util.h"

/*
 * Authorization: Bearer <access> on API routes.  0 when there is none or it
 * is good (r->user filled); else answers 401 and returns -1.
 */
int
bearer_load(struct req *r)
{
	char		*hdr = req_env(r, "HTTP_AUTHORIZATION");
	const char	*why, *typ, *sub, *code = NULL;
	json_t		*claims = NULL;
	struct dbres	*u = NULL;
	int64_t		 uid;
	enum db_rc	 rc;
	int		 ret = -1;

	if (hdr == NULL)
		return 0;
	if (strncasecmp(hdr, "Bearer ", 7) != 0) {
		code = "token_invalid";
		goto out;
	}
	claims = jwt_verify(r->app->jwt_key, sizeof(r->app->jwt_key), hdr + 7, time(NULL), &why);
	if (claims == NULL) {
		code = strcmp(why, "expired") == 0 ? "token_expired" : "token_invalid";
		goto out;
	}
	typ = json_string_value(json_object_get(claims, "typ"));
	sub = json_string_value(json_object_get(claims, "sub"));
	if (typ == NULL || strcmp(typ, "access") != 0 || sub == NULL ||
	    parse_int64(sub, 1, INT64_MAX, &uid) != 0 ||
	    !json_is_integer(json_object_get(claims, "ep"))) {
		code = "token_invalid";
		goto out;
	}
	if ((rc = db_query(r->app->db, STMT_USER_BY_ID, &u, "i", uid)) != DB_OK) {
		req_db_error(r, rc);
		goto out;
	}
	/* a blocked user, or one whose tokens were all ended since (token_epoch) */
	if (u->nrows == 0 || dbres_int(u, 0, "blocked") ||
	    dbres_int(u, 0, "token_epoch") != json_integer_value(json_object_get(claims, "ep"))) {
		code = "token_revoked";
		goto out;
	}
	r->user.id = uid;
	r->user.email = xstrdup(dbres_get(u, 0, "email"));
	r->user.first_name = xstrdup(dbres_get(u, 0, "first_name"));
	r->user.lang = xstrdup(dbres_get(u, 0, "lang"));
	r->user.role = (enum role)role_parse(dbres_get(u, 0, "role"));
	r->user.verified = (int)dbres_int(u, 0, "verified");
	ret = 0;
out:
	if (code != NULL)
		req_api_error(r, 401, code);
	free(hdr);
	dbres_free(u);
	if (claims != NULL)
		json_decref(claims);
	return ret;
}
