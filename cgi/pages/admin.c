/*
 * Admin: find users, change roles, block and unblock (the rules, the log
 * and the last admin's protection are acct_admin_change's).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

#define USERS_PER_PAGE	50

/* The HDF name of each column the admin page shows. */
struct col {
	const char *hdf, *col;
};

static const struct col user_cols[] = {
	{ "Id", "id" }, { "Email", "email" }, { "FirstName", "first_name" },
	{ "LastName", "last_name" }, { "Role", "role" }, { "Verified", "verified" },
	{ "Blocked", "blocked" }, { "CreatedAt", "created_at" }, { NULL, NULL }
};

static const struct col log_cols[] = {
	{ "When", "at" }, { "Actor", "actor" }, { "Target", "target" },
	{ "OldRole", "old_role" }, { "NewRole", "new_role" }, { NULL, NULL }
};

/* The first `max` rows of res as <prefix>.<n>.<name>. */
static void
rows_fill(struct req *r, const char *prefix, const struct dbres *res, const struct col *cols,
    size_t max)
{
	const struct col	*c;
	HDF			*n;
	NEOERR			*err;
	char			 key[32];
	size_t			 i;

	for (i = 0; i < res->nrows && i < max; i++) {
		snprintf(key, sizeof(key), "%s.%zu", prefix, i);
		if ((err = hdf_get_node(r->hdf, key, &n)) != STATUS_OK) {
			klog_nerr(key, &err);
			continue;
		}
		for (c = cols; c->hdf != NULL; c++)
			hdf_put(n, c->hdf, dbres_get(res, i, c->col));
	}
}

/* Audit.N: the site's audit log, newest first, ?audit_page= pages of 50. */
static void
audit_fill(struct req *r)
{
	struct dbres	*res = NULL;
	const char	*p = req_query(r, "audit_page");
	int64_t		 pg = 1;
	char		 key[48], buf[64];
	size_t		 i, n;
	NEOERR		*err;
	static const int per = 50;

	if (p != NULL && parse_int64(p, 1, 100000, &pg) != 0)
		pg = 1;
	if (audit_list(r->app->db, 0, 0, per + 1, (pg - 1) * per, &res) != DOM_OK)
		return;
	n = res->nrows > (size_t)per ? (size_t)per : res->nrows;
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "Audit.%zu", i);
		if ((err = dbres_row_to_hdf(res, i, r->hdf, key)) != STATUS_OK) {
			klog_nerr(key, &err);
			break;
		}
		format_local(db_time_parse(dbres_get(res, i, "created_at")), buf, sizeof(buf),
		    "%d.%m.%Y %H:%M");
		snprintf(key, sizeof(key), "Audit.%zu.When", i);
		hdf_put(r->hdf, key, buf);
	}
	hdf_put_int(r->hdf, "ShowAuditSubject", 1);
	if (res->nrows > (size_t)per)
		hdf_put_int(r->hdf, "AuditPager.Next", (int)pg + 1);
	if (pg > 1)
		hdf_put_int(r->hdf, "AuditPager.Prev", (int)pg - 1);
	dbres_free(res);
}

static void
admin_page(struct req *r)
{
	struct dbres	*res = NULL;
	const char	*q = req_query(r, "q"), *p = req_query(r, "page");
	int64_t		 pg = 1;
	enum dom_rc	 rc;

	if (q != NULL && *q != '\0' && utf8_valid(q, strlen(q)) && utf8_len(q) <= 100)
		hdf_put(r->hdf, "Search.q", q);
	else
		q = NULL;
	if (p != NULL && parse_int64(p, 1, 100000, &pg) != 0)
		pg = 1;
	/* one row past the page says there is a next one */
	if ((rc = acct_search(r->app->db, q, USERS_PER_PAGE + 1, (pg - 1) * USERS_PER_PAGE,
	    &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	if (res->nrows > USERS_PER_PAGE)
		hdf_put_int(r->hdf, "Pager.Next", (int)pg + 1);
	if (pg > 1)
		hdf_put_int(r->hdf, "Pager.Prev", (int)pg - 1);
	rows_fill(r, "Users", res, user_cols, USERS_PER_PAGE);
	dbres_free(res);
	/* the log helps the page but is no part of it: shown when it can be */
	if (acct_role_log(r->app->db, &res) == DOM_OK) {
		rows_fill(r, "RoleLog", res, log_cols, res->nrows);
		dbres_free(res);
	}
	audit_fill(r);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Title.admin_users"));
	r->tpl = TPL_ADMIN_USERS;
}

void
h_admin_users(struct req *r)
{
	admin_page(r);
}

/* Shows the admin page again with a form-level error. */
static void
admin_refuse(struct req *r, int status, const char *code)
{
	char key[64];

	snprintf(key, sizeof(key), "Lang.Err.%s", code);
	admin_page(r);
	if (r->tpl == TPL_ADMIN_USERS) {
		hdf_put(r->hdf, "Errors.form", req_lang_str(r, key));
		r->status = status;
	}
}

/* One change to a user: a role name, "blocked" or "unblocked". */
static void
admin_change(struct req *r, const char *new_role)
{
	const char	*reason;
	enum dom_rc	 rc;
	int64_t		 uid = req_param_id(r, 0);
	char		*before, *after, *email = NULL, *email2 = NULL;

	before = audit_user_state(r->app->db, uid, &email);
	rc = acct_admin_change(r->app->db, r->user.id, uid, new_role, &reason);
	if (rc == DOM_OK && (after = audit_user_state(r->app->db, uid, &email2)) != NULL) {
		(void)audit_note(r->app->db, r->user.id, 0, 0, "role_change", uid, email, before,
		    after);
		free(after);
	}
	free(before);
	free(email);
	free(email2);
	if (rc == DOM_INVALID || rc == DOM_CONFLICT) {
		admin_refuse(r, dom_status(rc), reason);
		return;
	}
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	req_flash(r, strcmp(new_role, "blocked") == 0 ? "user_blocked" :
	    strcmp(new_role, "unblocked") == 0 ? "user_unblocked" : "role_changed");
	req_redirect(r, "/admin/users");
}

void
h_admin_role(struct req *r)
{
	int role = role_parse(req_form(r, "role"));

	if (role < 0) {
		admin_refuse(r, 422, "role_invalid");
		return;
	}
	admin_change(r, role_names[role]);
}

void
h_admin_block(struct req *r)
{
	admin_change(r, "blocked");
}

void
h_admin_unblock(struct req *r)
{
	admin_change(r, "unblocked");
}
