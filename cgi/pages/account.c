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
#include "domain/accounts.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/password.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

/*
 * Loads the signed-in user's row, or answers and returns NULL (500 when it
 * is missing: a signed-in user without a row is a bug).
 */
static struct dbres *
me_load(struct req *r)
{
	struct dbres	*u;
	enum dom_rc	 rc;

	if ((rc = acct_load(r->app->db, r->user.id, &u)) != DOM_OK) {
		req_fail(r, rc == DOM_NOT_FOUND ? DOM_ERR : rc, NULL);
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

	/* a stand-in (schema/060) shows the address typed, as a new account does */
	hdf_put(r->hdf, "Account.Email", dbres_get(u, 0, "email") != NULL ?
	    dbres_get(u, 0, "email") : dbres_get(u, 0, "typed_email"));
	if (dbres_get(u, 0, "pending_email") != NULL)
		hdf_put(r->hdf, "Account.PendingEmail", dbres_get(u, 0, "pending_email"));
	hdf_put(r->hdf, "Account.Role", dbres_get(u, 0, "role"));
	hdf_put(r->hdf, "Account.Verified", dbres_get(u, 0, "verified"));
	hdf_put(r->hdf, "Account.CreatedAt", dbres_get(u, 0, "created_at"));
	if (with_form)
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			snprintf(key, sizeof(key), "Form.%s", cols[i]);
			hdf_put(r->hdf, key, strcmp(cols[i], "email") == 0 ?
			    hdf_get_value(r->hdf, "Account.Email", NULL) : dbres_get(u, 0, cols[i]));
		}
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Title.account"));
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
	struct acct_profile p;
	struct dbres	*u;
	char		*first, *last, *email;
	const char	*cur;
	int		 lang;
	enum dom_rc	 rc;

	if ((u = me_load(r)) == NULL)
		return;
	form_keep(r, keep);
	first = valid_text(r, &e, "first_name", 100, 1);
	last = valid_text(r, &e, "last_name", 100, 1);
	p.age = valid_age(r, &e, "age");
	if ((lang = lang_parse(req_field(r, "lang"))) < 0)
		ferr_add(&e, "lang", "lang_invalid");
	email = valid_email(r, &e, "email");
	/* a stand-in (schema/060) has only the address typed at registration */
	cur = dbres_get(u, 0, "email") != NULL ? dbres_get(u, 0, "email") :
	    dbres_get(u, 0, "typed_email") != NULL ? dbres_get(u, 0, "typed_email") : "";
	/* a new address takes the account with it: only its password may ask for one */
	if (email != NULL && strcmp(email, cur) != 0 &&
	    (req_field(r, "email_password") == NULL ||
	    !password_verify(req_field(r, "email_password"), dbres_get(u, 0, "password_hash"))))
		ferr_add(&e, "email_password", "password_wrong");
	if (e.n > 0) {
		account_fill(r, u, 0);
		ferr_answer(r, &e, TPL_ACCOUNT);
		goto out;
	}
	p.first_name = first;
	p.last_name = last;
	p.email = email;
	p.lang = (enum lang)lang;
	p.standin = dbres_get(u, 0, "email") == NULL;
	if ((rc = acct_profile_save(r->app, r->user.id, cur, &p)) !=
	    DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	req_cookie(r, "lang", lang_codes[lang], 60 * 60 * 24 * 365);
	req_flash(r, strcmp(email, cur) != 0 ? "email_change_sent" :
	    "profile_saved");
	req_redirect(r, "/account");
out:
	dbres_free(u);
	free(first);
	free(last);
	free(email);
}

/* Asks for the current password; other sessions and API tokens end. */
void
h_account_password(struct req *r)
{
	struct ferrs	 e = { 0 };
	struct dbres	*u;
	const char	*cur = req_field(r, "current_password"), *pw;
	enum dom_rc	 rc;

	if ((u = me_load(r)) == NULL)
		return;
	if (cur == NULL || !password_verify(cur, dbres_get(u, 0, "password_hash")))
		ferr_add(&e, "current_password", "password_wrong");
	pw = valid_password(r, &e, "new_password", dbres_get(u, 0, "email"));
	if (e.n > 0) {
		account_fill(r, u, 1);
		ferr_answer(r, &e, TPL_ACCOUNT);
		goto out;
	}
	if ((rc = acct_password_set(r->app->db, r->user.id, r->session_id, pw)) != DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	req_flash(r, "password_changed");
	req_redirect(r, "/account");
out:
	dbres_free(u);
}

/*
 * Deletes the account (anonymised: see acct_delete) after the password and
 * a tick in the box.
 */
void
h_account_delete(struct req *r)
{
	struct ferrs	 e = { 0 };
	struct dbres	*u;
	const char	*pw = req_field(r, "password"), *confirm = req_field(r, "confirm");
	const char	*reason;
	enum dom_rc	 rc;

	if ((u = me_load(r)) == NULL)
		return;
	if (pw == NULL || !password_verify(pw, dbres_get(u, 0, "password_hash")))
		ferr_add(&e, "delete", "password_wrong");
	else if (confirm == NULL || strcmp(confirm, "1") != 0)
		ferr_add(&e, "delete", "confirm_required");
	else if ((rc = acct_delete(r->app, &r->user, &reason)) == DOM_CONFLICT)
		ferr_add(&e, "delete", reason);
	else if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	if (e.n > 0) {
		account_fill(r, u, 1);
		ferr_answer(r, &e, TPL_ACCOUNT);
		goto out;
	}
	r->session_id = 0;	/* already gone with the others */
	session_end(r);
	req_flash(r, "account_deleted");
	req_redirect(r, "/");
out:
	dbres_free(u);
}
