/*
 * The profile: view and edit, change the email (confirmed by mail before
 * it takes effect), change the password, delete the account.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/forms.h"
#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/password.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/notify.h"
#include "pages/pages.h"

#define EMAIL_CHANGE_MINUTES (24 * 60)

/* Loads the signed-in user's row, or answers 503/500 and returns NULL. */
static struct dbres *
me_load(struct req *r)
{
	struct dbres	*u = NULL;
	enum db_rc	 rc;

	rc = db_query(r->app->db, STMT_USER_BY_ID, &u, "i", r->user.id);
	if (rc != DB_OK || u->nrows == 0) {
		dbres_free(u);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return NULL;
	}
	return u;
}

static void
account_fill(struct req *r, const struct dbres *u, int with_form)
{
	static const char *const cols[] = { "first_name", "last_name", "age", "lang", "email" };
	char	 key[64];
	size_t	 i;

	hdf_set_value(r->hdf, "Account.Email", dbres_get(u, 0, "email"));
	if (dbres_get(u, 0, "pending_email") != NULL)
		hdf_set_value(r->hdf, "Account.PendingEmail", dbres_get(u, 0, "pending_email"));
	hdf_set_value(r->hdf, "Account.Role", dbres_get(u, 0, "role"));
	hdf_set_value(r->hdf, "Account.Verified", dbres_get(u, 0, "verified"));
	hdf_set_value(r->hdf, "Account.CreatedAt", dbres_get(u, 0, "created_at"));
	if (with_form)
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			snprintf(key, sizeof(key), "Form.%s", cols[i]);
			hdf_set_value(r->hdf, key, dbres_get(u, 0, cols[i]));
		}
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Title.account"));
	cal_account_fill(r);	/* calendar.c: the feed, reminders, Google Calendar */
	r->tpl = TPL_ACCOUNT;
}

void
h_account_form(struct req *r)
{
	struct dbres *u;

	if ((u = me_load(r)) == NULL)
		return;
	account_fill(r, u, 1);
	dbres_free(u);
}

void
h_account(struct req *r)
{
	static const char *const keep[] = { "first_name", "last_name", "age", "lang", "email", NULL };
	struct ferrs	 e = { 0 };
	struct dbres	*u, *other = NULL;
	char		*first, *last, *email, *tok = NULL;
	int		 age, lang;
	const char	*flash = "profile_saved";
	enum db_rc	 rc;

	if ((u = me_load(r)) == NULL)
		return;
	form_keep(r, keep);
	first = valid_text(r, &e, "first_name", 100, 1);
	last = valid_text(r, &e, "last_name", 100, 1);
	age = valid_age(r, &e, "age");
	if ((lang = lang_parse(req_field(r, "lang"))) < 0)
		ferr_add(&e, "lang", "lang_invalid");
	email = valid_email(r, &e, "email");
	if (e.n > 0) {
		account_fill(r, u, 0);
		ferr_answer(r, &e, TPL_ACCOUNT);
		goto out;
	}
	if ((rc = db_begin(r->app->db)) == DB_OK)
		rc = db_exec(r->app->db, STMT_USER_UPDATE_PROFILE, NULL, NULL, "ssisi", first,
		    last, (int64_t)age, lang_codes[lang], r->user.id);
	if (rc == DB_OK && strcmp(email, dbres_get(u, 0, "email")) != 0) {
		/*
		 * A new address takes effect once its owner confirms it.  If it
		 * belongs to another account we send nothing and say the same.
		 */
		flash = "email_change_sent";
		rc = db_query(r->app->db, STMT_USER_BY_EMAIL, &other, "s", email);
		if (rc == DB_OK)
			rc = db_exec(r->app->db, STMT_USER_SET_PENDING_EMAIL, NULL, NULL, "si",
			    email, r->user.id);
		/* a new request spends the links of earlier ones, whatever the address */
		if (rc == DB_OK)
			rc = db_exec(r->app->db, STMT_TOKEN_DEL_USER_KIND, NULL, NULL, "is",
			    r->user.id, "email_change");
		if (rc == DB_OK && other->nrows == 0) {
			tok = token_new(r, r->user.id, "email_change", email,
			    EMAIL_CHANGE_MINUTES, &rc);
			if (rc == DB_OK)
				rc = account_mail(r, "email_change", "Lang.Mail.EmailChange.Subject",
				    email, first, lang_codes[lang], "/verify", tok);
		}
	}
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		goto out;
	}
	req_cookie(r, "lang", lang_codes[lang], 60 * 60 * 24 * 365);
	req_flash(r, flash);
	req_redirect(r, "/account");
out:
	dbres_free(u);
	dbres_free(other);
	free(first);
	free(last);
	free(email);
	free(tok);
}

/* Asks for the current password; other sessions and API tokens end. */
void
h_account_password(struct req *r)
{
	struct ferrs	 e = { 0 };
	struct dbres	*u;
	const char	*cur = req_field(r, "current_password"), *pw;
	char		*hash = NULL;
	enum db_rc	 rc;

	if ((u = me_load(r)) == NULL)
		return;
	if (cur == NULL || !password_verify(cur, dbres_get(u, 0, "password_hash")))
		ferr_add(&e, "current_password", "password_wrong");
	pw = valid_password(r, &e, "new_password", dbres_get(u, 0, "email"));
	if (e.n > 0) {
		account_fill(r, u, 1);
		ferr_answer(r, &e, TPL_ACCOUNT);
		dbres_free(u);
		return;
	}
	dbres_free(u);
	if ((hash = password_hash(pw)) == NULL) {
		req_error(r, 500, NULL);
		return;
	}
	if ((rc = db_begin(r->app->db)) == DB_OK)
		rc = db_exec(r->app->db, STMT_USER_SET_PASSWORD, NULL, NULL, "si", hash,
		    r->user.id);
	if (rc == DB_OK)
		rc = user_logout_everywhere(r->app->db, r->user.id, r->session_id);
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	free(hash);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	req_flash(r, "password_changed");
	req_redirect(r, "/account");
}

/*
 * Deletes the account by anonymising it: the row stays so sold tickets
 * stay countable, but no name, address or password remains.
 */
void
h_account_delete(struct req *r)
{
	struct ferrs	 e = { 0 };
	struct dbres	*u, *admins = NULL;
	const char	*pw = req_field(r, "password"), *confirm = req_field(r, "confirm");
	enum db_rc	 rc;

	if ((u = me_load(r)) == NULL)
		return;
	if (pw == NULL || !password_verify(pw, dbres_get(u, 0, "password_hash")))
		ferr_add(&e, "delete", "password_wrong");
	else if (confirm == NULL || strcmp(confirm, "1") != 0)
		ferr_add(&e, "delete", "confirm_required");
	if (e.n > 0) {
		account_fill(r, u, 1);
		ferr_answer(r, &e, TPL_ACCOUNT);
		dbres_free(u);
		return;
	}
	rc = db_begin(r->app->db);
	if (rc == DB_OK && r->user.role == ROLE_ADMIN) {
		rc = db_query(r->app->db, STMT_ADMIN_COUNT, &admins, "");
		if (rc == DB_OK && dbres_int(admins, 0, "n") <= 1) {
			db_rollback(r->app->db);
			dbres_free(admins);
			ferr_add(&e, "delete", "last_admin");
			account_fill(r, u, 1);
			ferr_answer(r, &e, TPL_ACCOUNT);
			dbres_free(u);
			return;
		}
	}
	dbres_free(admins);
	dbres_free(u);
	if (rc == DB_OK)
		rc = db_exec(r->app->db, STMT_USER_ANONYMISE, NULL, NULL, "i", r->user.id);
	if (rc == DB_OK)
		rc = user_logout_everywhere(r->app->db, r->user.id, 0);
	if (rc == DB_OK)
		rc = db_exec(r->app->db, STMT_TOKEN_DEL_USER_KIND, NULL, NULL, "is", r->user.id,
		    "email_change");
	if (rc == DB_OK)
		rc = cal_user_forget(r->app, r->user.id);	/* calendar.c: feed, Google tokens */
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return;
	}
	klog("user %lld deleted their account (anonymised)", (long long)r->user.id);
	r->session_id = 0;	/* already gone with the others */
	session_end(r);
	req_flash(r, "account_deleted");
	req_redirect(r, "/");
}
