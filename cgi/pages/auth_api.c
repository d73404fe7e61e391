/*
 * The JSON API's accounts: register, sign in for an access + refresh pair,
 * rotate the pair, and who am I.
 */
#include "config.h"

#include <stdlib.h>

#include "core/core.h"
#include "core/forms.h"
#include "db/db.h"
#include "domain/accounts.h"
#include "domain/result.h"
#include "lib/app.h"
#include "pages/auth.h"
#include "pages/pages.h"

void
h_api_register(struct req *r)
{
	int64_t		 id;
	const char	*role;
	char		*email = NULL;

	if (register_answer(r, &id, &role, &email) != 0)
		return;
	req_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
	    "email", email, "role", role));
	free(email);
}

void
h_api_login(struct req *r)
{
	struct dbres	*u;
	json_t		*t;
	enum db_rc	 rc;

	if ((u = login_answer(r)) == NULL)
		return;
	t = acct_issue_tokens(r->app, dbres_int(u, 0, "id"), dbres_int(u, 0, "token_epoch"),
	    NULL, &rc);
	dbres_free(u);
	if (t == NULL) {
		req_db_error(r, rc == DB_OK ? DB_ERR : rc);
		return;
	}
	req_json(r, 200, t);
}

/* POST /api/token/refresh/: a token used twice revokes its whole family. */
void
h_api_refresh(struct req *r)
{
	const char	*reason;
	json_t		*pair;
	enum dom_rc	 rc;

	rc = acct_refresh(r->app, req_field(r, "refresh"), &pair, &reason);
	if (rc == DOM_FORBIDDEN) {
		/* 401, which no domain result stands for: the client signs in again */
		req_api_error(r, 401, reason);
		return;
	}
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	req_json(r, 200, pair);
}

void
h_api_me(struct req *r)
{
	struct dbres	*u;
	enum dom_rc	 rc;

	if ((rc = acct_load(r->app->db, r->user.id, &u)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	req_json(r, 200, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:b}",
	    "id", (json_int_t)r->user.id,
	    "email", dbres_get(u, 0, "email"),
	    "first_name", dbres_get(u, 0, "first_name"),
	    "last_name", dbres_get(u, 0, "last_name"),
	    "age", (json_int_t)dbres_int(u, 0, "age"),
	    "role", dbres_get(u, 0, "role"),
	    "verified", (int)dbres_int(u, 0, "verified")));
	dbres_free(u);
}
