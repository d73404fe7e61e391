/*
 * Account pages: register, verify the email, sign in and out, reset the
 * password.  The rules live in domain/accounts.c; these read the form,
 * call it and show the answer.
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
#include "lib/render.h"
#include "lib/util.h"
#include "pages/auth.h"
#include "pages/pages.h"

static void	answer_throttled(struct req *, int64_t, enum tpl);

/* ---- registration ------------------------------------------------------ */

static const char *const reg_fields[] = {
	"first_name", "last_name", "age", "email", "organiser_code", NULL
};

int
register_answer(struct req *r, int64_t *id, const char **role, char **email_out)
{
	struct ferrs	 e = { 0 };
	struct acct_new	 n = { 0 };
	char		*first, *last, *email;
	const char	*code;
	enum dom_rc	 rc;
	int64_t		 wait = 0;
	int		 ret = -1;

	first = valid_text(r, &e, "first_name", 100, 1);
	last = valid_text(r, &e, "last_name", 100, 1);
	n.age = valid_age(r, &e, "age");
	email = valid_email(r, &e, "email");
	n.password = valid_password(r, &e, "password",
	    email != NULL ? email : req_field(r, "email"));
	n.role = "attendee";
	code = req_field(r, "organiser_code");
	if (code != NULL && *code != '\0') {
		if (acct_organiser_code(r->app, code))
			n.role = "organiser";
		else
			ferr_add(&e, "organiser_code", "organiser_code");
	}
	if (e.n > 0) {
		ferr_answer(r, &e, TPL_REGISTER);
		goto out;
	}
	n.first_name = first;
	n.last_name = last;
	n.email = email;
	n.lang = r->lang;
	n.remote_addr = r->remote_addr;
	/* the page signs the registrant in: a known address gets a stand-in account */
	n.standin = !(r->route->flags & R_API);
	if ((rc = acct_register(r->app, &n, id, &wait)) != DOM_OK) {
		if (rc == DOM_THROTTLED) {
			form_keep(r, reg_fields);
			answer_throttled(r, wait, TPL_REGISTER);
		} else {
			if (rc == DOM_BUSY)
				req_header(r, "Retry-After", "1");
			req_fail(r, rc, NULL);
		}
		goto out;
	}
	*role = n.role;
	*email_out = email;
	email = NULL;
	ret = 0;
out:
	free(first);
	free(last);
	free(email);
	return ret;
}

void
h_register_form(struct req *r)
{
	if (r->user.id != 0) {
		req_redirect(r, "/account");
		return;
	}
	hdf_put(r->hdf, "Form.next", safe_next(req_query(r, "next")));
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.register_heading"));
	r->tpl = TPL_REGISTER;
}

void
h_register(struct req *r)
{
	int64_t		 id;
	const char	*role;
	char		*email = NULL;

	int		 st;
	const char	*next = req_form(r, "next");

	form_keep(r, reg_fields);
	hdf_put(r->hdf, "Form.next", safe_next(next));
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.register_heading"));
	if (register_answer(r, &id, &role, &email) != 0)
		return;
	free(email);
	/*
	 * Signed in at once (issue 13): to the new account, or for a known
	 * address to its stand-in (domain/accounts.c), which answers alike and
	 * sees nothing of the owner's.  Back where the visitor came from.
	 */
	if ((st = session_start(r, id)) != 0) {
		req_error(r, st, NULL);
		return;
	}
	req_flash(r, "registered_in");
	req_redirect(r, next != NULL && strcmp(safe_next(next), "/") != 0 ? safe_next(next) :
	    "/account");
}

/* ---- email verification ------------------------------------------------ */

/* GET /verify?token=: a registration address or a new one from the profile. */
void
h_verify(struct req *r)
{
	const char	*kind;
	enum dom_rc	 rc;
	int64_t		 uid;

	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.verify_heading"));
	r->tpl = TPL_VERIFY;
	rc = acct_verify(r->app->db, req_query(r, "token"), &kind, &uid);
	if (rc != DOM_OK && rc != DOM_NOT_FOUND && rc != DOM_INVALID) {
		req_fail(r, rc, NULL);
		return;
	}
	hdf_put_int(r->hdf, "Verify.Ok", rc == DOM_OK);
	if (kind != NULL)
		hdf_put(r->hdf, "Verify.Kind", kind);
	if (rc != DOM_OK)
		r->status = 400;
	else if (r->user.id == uid)
		r->user.verified = 1;
	else if (r->user.id == 0 && strcmp(kind, "verify") == 0 && uid != 0) {
		/*
		 * The registration's link proves the mailbox: it signs its
		 * account in (issue 13).  Someone else signed in here stays so.
		 */
		if (session_start(r, uid) == 0) {
			req_flash(r, "verified_in");
			req_redirect(r, "/account");
		}
	}
}

/* POST /account/resend-verification: one mail per 5 minutes. */
void
h_resend_verification(struct req *r)
{
	const char	*reason;
	enum dom_rc	 rc;

	if (r->user.verified) {
		req_redirect(r, "/account");
		return;
	}
	if ((rc = acct_resend_verify(r->app, &r->user, r->lang, &reason)) != DOM_OK) {
		if (rc == DOM_THROTTLED)
			req_header(r, "Retry-After", "300");
		req_fail(r, rc, reason);
		return;
	}
	req_flash(r, "verification_resent");
	req_redirect(r, safe_next(req_form(r, "next")));
}

/* ---- sign in ----------------------------------------------------------- */

static void
answer_throttled(struct req *r, int64_t wait, enum tpl tpl)
{
	char	 secs[32], *msg;
	int64_t	 minutes = (wait + 59) / 60;

	snprintf(secs, sizeof(secs), "%lld", (long long)wait);
	req_header(r, "Retry-After", secs);
	/* the string ends ready for the number ("... minutes until you can try again:") */
	msg = xasprintf("%s %lld", req_lang_str(r, "Lang.Err.throttled"), (long long)minutes);
	if (r->route->flags & R_API) {
		req_json(r, 429, json_pack("{s:s, s:s, s:I}", "error", "throttled",
		    "message", msg, "retry_after", (json_int_t)wait));
	} else {
		hdf_put(r->hdf, "Errors.form", msg);
		r->status = 429;
		r->tpl = tpl;
	}
	free(msg);
}

struct dbres *
login_answer(struct req *r)
{
	struct dbres	*u;
	int64_t		 wait;
	enum dom_rc	 rc;

	rc = acct_login(r->app->db, req_field(r, "email"), req_field(r, "password"),
	    r->remote_addr, &u, &wait);
	switch (rc) {
	case DOM_OK:
		return u;
	case DOM_THROTTLED:
		answer_throttled(r, wait, TPL_LOGIN);
		break;
	case DOM_INVALID:
		/* 401, which no domain result stands for: the pair is wrong */
		if (r->route->flags & R_API)
			req_json(r, 401, json_pack("{s:s, s:s}", "error", "invalid_credentials",
			    "message", req_lang_str(r, "Lang.Err.bad_login")));
		else {
			hdf_put(r->hdf, "Errors.form", req_lang_str(r, "Lang.Err.bad_login"));
			r->status = 401;
			r->tpl = TPL_LOGIN;
		}
		break;
	case DOM_FORBIDDEN:
		req_fail(r, rc, "blocked");
		if (!(r->route->flags & R_API)) {
			hdf_put(r->hdf, "Errors.form", req_lang_str(r, "Lang.Err.blocked"));
			r->tpl = TPL_LOGIN;
		}
		break;
	default:
		req_fail(r, rc, NULL);
		break;
	}
	return NULL;
}

void
h_login_form(struct req *r)
{
	const char *next = req_query(r, "next");

	if (r->user.id != 0) {
		req_redirect(r, safe_next(next));
		return;
	}
	hdf_put(r->hdf, "Form.next", safe_next(next));
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.login_heading"));
	r->tpl = TPL_LOGIN;
}

void
h_login(struct req *r)
{
	static const char *const keep[] = { "email", NULL };
	struct dbres	*u;
	int		 st;
	const char	*lang;

	form_keep(r, keep);
	hdf_put(r->hdf, "Form.next", safe_next(req_form(r, "next")));
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.login_heading"));
	if ((u = login_answer(r)) == NULL)
		return;
	if ((st = session_start(r, dbres_int(u, 0, "id"))) != 0) {
		req_error(r, st, NULL);
		goto out;
	}
	/* the account's language wins from now on */
	if ((lang = dbres_get(u, 0, "lang")) != NULL && lang_parse(lang) >= 0)
		req_cookie(r, "lang", lang, 60 * 60 * 24 * 365);
	req_flash(r, "logged_in");
	req_redirect(r, safe_next(req_form(r, "next")));
out:
	dbres_free(u);
}

void
h_logout(struct req *r)
{
	session_end(r);
	req_flash(r, "logged_out");
	req_redirect(r, "/");
}

/* ---- password reset ---------------------------------------------------- */

void
h_forgot_form(struct req *r)
{
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.forgot_heading"));
	r->tpl = TPL_FORGOT;
}

/* Always the same answer; a mail only when the address has an account. */
void
h_forgot(struct req *r)
{
	static const char *const keep[] = { "email", NULL };
	struct ferrs	 e = { 0 };
	char		*email;
	enum dom_rc	 rc;

	form_keep(r, keep);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.forgot_heading"));
	if ((email = valid_email(r, &e, "email")) == NULL) {
		ferr_answer(r, &e, TPL_FORGOT);
		return;
	}
	rc = acct_forgot(r->app, email, r->lang);
	free(email);
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	hdf_put_int(r->hdf, "Sent", 1);
	r->tpl = TPL_FORGOT;
}

void
h_reset_form(struct req *r)
{
	const char	*tok = req_query(r, "token");
	unsigned char	 h[32];
	enum db_rc	 rc;

	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.reset_heading"));
	r->tpl = TPL_RESET;
	if (token_lookup(r->app->db, tok, "reset", h, &rc) == 0) {
		if (rc != DB_OK) {
			req_db_error(r, rc);
			return;
		}
		hdf_put_int(r->hdf, "Invalid", 1);
		r->status = 400;
		return;
	}
	hdf_put(r->hdf, "Form.token", tok);
}

struct reset_form {
	struct req	*r;
	const char	*tok;
	struct ferrs	 e;
};

/* The new password checked against the account's address (acct_reset). */
static const char *
reset_password(void *arg, const char *email)
{
	struct reset_form *f = arg;

	hdf_put(f->r->hdf, "Form.token", f->tok);
	return valid_password(f->r, &f->e, "password", email);
}

void
h_reset(struct req *r)
{
	struct reset_form f = { r, req_form(r, "token"), { .n = 0 } };
	enum dom_rc	 rc;
	int64_t		 uid;

	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.reset_heading"));
	rc = acct_reset(r->app->db, f.tok, reset_password, &f, &uid);
	if (rc == DOM_NOT_FOUND) {
		hdf_put_int(r->hdf, "Invalid", 1);
		r->status = 400;
		r->tpl = TPL_RESET;
		return;
	}
	if (rc == DOM_INVALID) {
		ferr_answer(r, &f.e, TPL_RESET);
		return;
	}
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	if (r->user.id == uid)
		session_end(r);
	req_flash(r, "password_changed");
	req_redirect(r, "/login");
}
