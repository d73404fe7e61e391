/*
 * Admin: find users, change roles, block and unblock.  Every change is
 * recorded (who, whom, when) and the last admin cannot be removed; the
 * count is taken under a lock so two admins cannot demote each other at
 * the same moment.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

static void
admin_page(struct req *r)
{
	struct dbres	*res = NULL;
	const char	*q = req_query(r, "q");
	char		*like = NULL, key[32];
	size_t		 i;
	enum db_rc	 rc;

	if (q != NULL && *q != '\0' && utf8_valid(q, strlen(q)) && utf8_len(q) <= 100) {
		hdf_set_value(r->hdf, "Search.q", q);
		like = like_contains(q);
	}
	rc = db_query(r->app->db, STMT_USER_SEARCH, &res, "ssss", like, like, like, like);
	free(like);
	if (rc != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	for (i = 0; i < res->nrows; i++) {
		HDF *n;

		snprintf(key, sizeof(key), "Users.%zu", i);
		if (hdf_get_node(r->hdf, key, &n) != STATUS_OK)
			continue;
		hdf_set_value(n, "Id", dbres_get(res, i, "id"));
		hdf_set_value(n, "Email", dbres_get(res, i, "email"));
		hdf_set_value(n, "FirstName", dbres_get(res, i, "first_name"));
		hdf_set_value(n, "LastName", dbres_get(res, i, "last_name"));
		hdf_set_value(n, "Role", dbres_get(res, i, "role"));
		hdf_set_value(n, "Verified", dbres_get(res, i, "verified"));
		hdf_set_value(n, "Blocked", dbres_get(res, i, "blocked"));
		hdf_set_value(n, "CreatedAt", dbres_get(res, i, "created_at"));
	}
	dbres_free(res);
	res = NULL;
	if (db_query(r->app->db, STMT_ROLE_LOG_LIST, &res, "") == DB_OK) {
		for (i = 0; i < res->nrows; i++) {
			HDF *n;

			snprintf(key, sizeof(key), "RoleLog.%zu", i);
			if (hdf_get_node(r->hdf, key, &n) != STATUS_OK)
				continue;
			hdf_set_value(n, "When", dbres_get(res, i, "at"));
			hdf_set_value(n, "Actor", dbres_get(res, i, "actor"));
			hdf_set_value(n, "Target", dbres_get(res, i, "target"));
			hdf_set_value(n, "OldRole", dbres_get(res, i, "old_role"));
			hdf_set_value(n, "NewRole", dbres_get(res, i, "new_role"));
		}
		dbres_free(res);
	}
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Title.admin_users"));
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
		hdf_set_value(r->hdf, "Errors.form", req_lang_str(r, key));
		r->status = status;
	}
}

/*
 * One change to a user: a new role, or block / unblock.  `new_role` is a
 * role name, "blocked" or "unblocked".
 */
static void
admin_change(struct req *r, const char *new_role)
{
	int64_t		 id = req_param_id(r, 0);
	struct dbres	*u = NULL, *admins = NULL;
	const char	*old;
	int		 demotes_admin;
	enum db_rc	 rc;

	if (id == r->user.id) {
		admin_refuse(r, 422, "cannot_block_self");
		return;
	}
	if ((rc = db_begin(r->app->db)) != DB_OK) {
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	/* the admin count first, under lock, then the target */
	rc = db_query(r->app->db, STMT_ADMIN_COUNT, &admins, "");
	if (rc == DB_OK)
		rc = db_query(r->app->db, STMT_USER_BY_ID, &u, "i", id);
	if (rc != DB_OK || u->nrows == 0) {
		db_rollback(r->app->db);
		dbres_free(admins);
		dbres_free(u);
		if (rc == DB_OK)
			req_error(r, 404, NULL);
		else
			req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	old = dbres_get(u, 0, "role");
	demotes_admin = strcmp(old, "admin") == 0 && !dbres_int(u, 0, "blocked") &&
	    strcmp(new_role, "admin") != 0 && strcmp(new_role, "unblocked") != 0;
	if (demotes_admin && dbres_int(admins, 0, "n") <= 1) {
		db_rollback(r->app->db);
		dbres_free(admins);
		dbres_free(u);
		admin_refuse(r, 409, "last_admin");
		return;
	}
	if (strcmp(new_role, "blocked") == 0 || strcmp(new_role, "unblocked") == 0) {
		int block = new_role[0] == 'b';

		rc = db_exec(r->app->db, STMT_USER_SET_BLOCKED, NULL, NULL, "ii",
		    (int64_t)block, id);
		if (rc == DB_OK && block)
			rc = user_logout_everywhere(r->app->db, id, 0);
		if (rc == DB_OK)
			rc = db_exec(r->app->db, STMT_ROLE_LOG_ADD, NULL, NULL, "iiss", r->user.id,
			    id, dbres_int(u, 0, "blocked") ? "blocked" : "unblocked", new_role);
	} else {
		rc = db_exec(r->app->db, STMT_USER_SET_ROLE, NULL, NULL, "si", new_role, id);
		if (rc == DB_OK)
			rc = db_exec(r->app->db, STMT_ROLE_LOG_ADD, NULL, NULL, "iiss", r->user.id,
			    id, old, new_role);
	}
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	dbres_free(admins);
	dbres_free(u);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	klog("admin %lld: user %lld %s", (long long)r->user.id, (long long)id, new_role);
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
