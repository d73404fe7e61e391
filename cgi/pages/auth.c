/*
 * Accounts: register, verify the email, sign in and out, reset the
 * password, in pages and in the JSON API.
 *
 * No answer tells whether an address has an account: registration with a
 * known address, a reset for an unknown one and a wrong password all look
 * like their harmless twin from outside (the known-address case gets a
 * mail instead, which only the owner reads).
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
#include "lib/conf.h"
#include "lib/jwt.h"
#include "lib/password.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/outbox.h"
#include "pages/pages.h"

#define VERIFY_MINUTES	(24 * 60)
#define RESET_MINUTES	60
#define THROTTLE_WINDOW	15	/* minutes */
#define THROTTLE_EMAIL	5
#define THROTTLE_IP	20

/* ---- field access shared by forms and JSON ----------------------------- */

/*
 * A request field: from the JSON body on API routes, else the form.  JSON
 * numbers are given back as text so one validator serves both.  The
 * returned string lives until the request ends.
 */
const char *
req_field(struct req *r, const char *name)
{
	json_t	*v;

	if (r->jin == NULL)
		return req_form(r, name);
	if ((v = json_object_get(r->jin, name)) == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		json_object_set_new(r->jin, "__tmp", json_string(buf));
		/* keep the text alive in the request's own JSON under a private key */
		v = json_object_get(r->jin, "__tmp");
		json_object_set(r->jin, name, v);
		json_object_del(r->jin, "__tmp");
		return json_string_value(v);
	}
	return "\x01";	/* any other type: fails every validator */
}

void
ferr_add(struct ferrs *e, const char *field, const char *code)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].field, field) == 0)
			return;	/* first problem per field is enough */
	if (e->n < FERR_MAX) {
		e->v[e->n].field = field;
		e->v[e->n].code = code;
		e->n++;
	}
}

/*
 * Answers a failed validation: 422 JSON {error, message, fields} on the
 * API; on pages, Errors.<field> with the localised text and the template.
 */
void
ferr_answer(struct req *r, const struct ferrs *e, enum tpl tpl)
{
	char	 key[64];
	size_t	 i;

	if (r->route->flags & R_API) {
		json_t *fields = json_object();

		for (i = 0; i < e->n; i++) {
			snprintf(key, sizeof(key), "Lang.Err.%s", e->v[i].code);
			json_object_set_new(fields, e->v[i].field, json_string(req_lang_str(r, key)));
		}
		snprintf(key, sizeof(key), "Lang.Err.%s", e->v[0].code);
		req_json(r, 422, json_pack("{s:s, s:s, s:o}", "error", "invalid",
		    "message", req_lang_str(r, key), "fields", fields));
		return;
	}
	for (i = 0; i < e->n; i++) {
		char hkey[64];

		snprintf(key, sizeof(key), "Lang.Err.%s", e->v[i].code);
		snprintf(hkey, sizeof(hkey), "Errors.%s", e->v[i].field);
		hdf_set_value(r->hdf, hkey, req_lang_str(r, key));
	}
	r->status = 422;
	r->tpl = tpl;
}

/* Keeps what was typed (never a password) for the form to show again. */
void
form_keep(struct req *r, const char *const *names)
{
	char		 key[64];
	const char	*v;

	for (; *names != NULL; names++)
		if ((v = req_field(r, *names)) != NULL && utf8_valid(v, strlen(v))) {
			snprintf(key, sizeof(key), "Form.%s", *names);
			hdf_set_value(r->hdf, key, v);
		}
}

/* Trimmed copy of a name-like field: 1..max code points, no control characters. */
char *
valid_text(struct req *r, struct ferrs *e, const char *name, size_t max, int required)
{
	const char	*v = req_field(r, name);
	char		*copy, *t;
	size_t		 i;

	if (v == NULL || *v == '\0') {
		if (required)
			ferr_add(e, name, "required");
		return NULL;
	}
	copy = xstrdup(v);
	t = str_trim(copy);
	if (!utf8_valid(t, strlen(t))) {
		ferr_add(e, name, "text_invalid");
		free(copy);
		return NULL;
	}
	for (i = 0; t[i] != '\0'; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f) {
			ferr_add(e, name, "text_invalid");
			free(copy);
			return NULL;
		}
	if (*t == '\0' && required) {
		ferr_add(e, name, "required");
		free(copy);
		return NULL;
	}
	if (utf8_len(t) > max) {
		ferr_add(e, name, "too_long");
		free(copy);
		return NULL;
	}
	t = xstrdup(t);
	free(copy);
	return t;
}

/*
 * Free text over several lines (descriptions, notes): valid UTF-8, at most
 * max code points, no control characters but line breaks and tabs.
 * NULL when empty (and an error when required); caller frees.
 */
char *
valid_long_text(struct req *r, struct ferrs *e, const char *name, size_t max, int required)
{
	const char	*v = req_field(r, name);
	size_t		 i;

	if (v == NULL || *v == '\0') {
		if (required)
			ferr_add(e, name, "required");
		return NULL;
	}
	if (!utf8_valid(v, strlen(v))) {
		ferr_add(e, name, "text_invalid");
		return NULL;
	}
	for (i = 0; v[i] != '\0'; i++)
		if (((unsigned char)v[i] < 0x20 && v[i] != '\n' && v[i] != '\r' && v[i] != '\t') ||
		    v[i] == 0x7f) {
			ferr_add(e, name, "text_invalid");
			return NULL;
		}
	if (utf8_len(v) > max) {
		ferr_add(e, name, "too_long");
		return NULL;
	}
	return xstrdup(v);
}

/* Trimmed, lower-cased, checked address; caller frees. */
char *
valid_email(struct req *r, struct ferrs *e, const char *name)
{
	const char	*v = req_field(r, name);
	char		*copy, *t;

	if (v == NULL || *v == '\0') {
		ferr_add(e, name, "required");
		return NULL;
	}
	copy = xstrdup(v);
	t = str_trim(copy);
	str_lower(t);
	if (!email_valid(t)) {
		ferr_add(e, name, "email_invalid");
		free(copy);
		return NULL;
	}
	t = xstrdup(t);
	free(copy);
	return t;
}

int
valid_age(struct req *r, struct ferrs *e, const char *name)
{
	const char	*v = req_field(r, name);
	int64_t		 age;
	char		*copy;
	int		 bad;

	if (v == NULL || *v == '\0') {
		ferr_add(e, name, "required");
		return 0;
	}
	copy = xstrdup(v);
	bad = parse_int64(str_trim(copy), 1, 120, &age);
	free(copy);
	if (bad) {
		ferr_add(e, name, "age_invalid");
		return 0;
	}
	return (int)age;
}

/* A new password: 10..200 characters and not the address itself. */
const char *
valid_password(struct req *r, struct ferrs *e, const char *name, const char *email)
{
	const char	*v = req_field(r, name);

	if (v == NULL || *v == '\0') {
		ferr_add(e, name, "required");
		return NULL;
	}
	if (!utf8_valid(v, strlen(v)) || utf8_len(v) < 10) {
		ferr_add(e, name, "password_short");
		return NULL;
	}
	if (utf8_len(v) > 200) {
		ferr_add(e, name, "too_long");
		return NULL;
	}
	if (email != NULL && strcasecmp(v, email) == 0) {
		ferr_add(e, name, "password_is_email");
		return NULL;
	}
	return v;
}

/* ---- tokens mailed as links -------------------------------------------- */

/*
 * Makes a single-use token of `kind` for user_id and returns the link's
 * raw token (caller frees); only its hash is stored.
 */
char *
token_new(struct req *r, int64_t user_id, const char *kind, const char *data,
    int minutes, enum db_rc *rc)
{
	char		*tok;
	unsigned char	 h[32];

	if ((tok = random_token(32)) == NULL) {
		*rc = DB_ERR;
		return NULL;
	}
	sha256(tok, strlen(tok), h);
	*rc = db_exec(r->app->db, STMT_TOKEN_ADD, NULL, NULL, "bissi", h, sizeof(h),
	    user_id, kind, data, (int64_t)minutes);
	if (*rc != DB_OK) {
		free(tok);
		return NULL;
	}
	return tok;
}

/*
 * Renders and queues one of the account mails (verify, reset,
 * email_change, register_exists) with a link to `path?token=tok`.
 */
enum db_rc
account_mail(struct req *r, const char *tpl, const char *subject_key, const char *to,
    const char *name, const char *lang, const char *path, const char *tok)
{
	HDF		*h = NULL;
	NEOERR		*err;
	char		*link;
	enum db_rc	 rc;
	int		 l = lang_parse(lang);

	if ((err = hdf_init(&h)) != STATUS_OK) {
		klog_nerr("mail hdf", &err);
		return DB_ERR;
	}
	link = tok != NULL ?
	    xasprintf("%s%s?token=%s", conf_str(r->app->conf, "Site.BaseURL", ""), path, tok) :
	    xasprintf("%s%s", conf_str(r->app->conf, "Site.BaseURL", ""), path);
	hdf_set_value(h, "Mail.Name", name);
	hdf_set_value(h, "Mail.Link", link);
	hdf_set_value(h, "Mail.Site", conf_str(r->app->conf, "Site.BaseURL", ""));
	rc = mail_compose_queue(r->app, l < 0 ? r->lang : (enum lang)l, h, tpl,
	    subject_key, to);
	free(link);
	hdf_destroy(&h);
	return rc;
}

static int
answer_db(struct req *r, enum db_rc rc)
{
	if (rc == DB_OK)
		return 0;
	req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
	return -1;
}

/* ---- registration ------------------------------------------------------ */

static const char *const reg_fields[] = {
	"first_name", "last_name", "age", "email", "organiser_code", NULL
};

/*
 * The registration itself, for both the page and the API.  Returns 0 when
 * done (the caller shows success), -1 when it already answered (error).
 */
static int
do_register(struct req *r, int64_t *id_out, const char **role_out, char **email_out)
{
	struct ferrs	 e = { 0 };
	char		*first, *last, *email, *hash = NULL, *tok = NULL;
	const char	*pw, *code, *role = "attendee";
	int		 age;
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	uint64_t	 id = 0;
	int		 ret = -1, known;

	first = valid_text(r, &e, "first_name", 100, 1);
	last = valid_text(r, &e, "last_name", 100, 1);
	age = valid_age(r, &e, "age");
	email = valid_email(r, &e, "email");
	pw = valid_password(r, &e, "password", email != NULL ? email : req_field(r, "email"));
	code = req_field(r, "organiser_code");
	if (code != NULL && *code != '\0') {
		const char *want = conf_str(r->app->conf, "Accounts.OrganiserCode", "Dc5_G1gz");

		if (strlen(code) == strlen(want) && ct_equal(code, want, strlen(want)))
			role = "organiser";
		else
			ferr_add(&e, "organiser_code", "organiser_code");
	}
	if (e.n > 0) {
		ferr_answer(r, &e, TPL_REGISTER);
		goto out;
	}
	if ((hash = password_hash(pw)) == NULL) {
		req_error(r, 500, NULL);
		goto out;
	}
	/*
	 * A known address answers exactly as a new one, down to the id and the
	 * role (the one the organiser code asked for, not the owner's), and its
	 * owner is told by mail.  So it is looked up first rather than found by
	 * a failed INSERT: that would use up an id, and the answers would show
	 * the gap (or the same id twice).  Instead a row without an address is
	 * inserted and rolled back, which takes the next id as a new account
	 * does.
	 */
	rc = db_query(r->app->db, STMT_USER_BY_EMAIL, &res, "s", email);
	if (answer_db(r, rc) != 0)
		goto out;
	known = res->nrows > 0;
	if (answer_db(r, db_begin(r->app->db)) != 0)
		goto out;
	rc = db_exec(r->app->db, STMT_USER_ADD, NULL, &id, "ssssiss", known ? NULL : email,
	    hash, first, last, (int64_t)age, role, lang_codes[r->lang]);
	if (rc == DB_DUP && !known) {
		/* registered a moment ago by another request: known after all */
		db_rollback(r->app->db);
		dbres_free(res);
		res = NULL;
		known = 1;
		rc = db_query(r->app->db, STMT_USER_BY_EMAIL, &res, "s", email);
		if (answer_db(r, rc) != 0)
			goto out;
		if (answer_db(r, db_begin(r->app->db)) != 0)
			goto out;
		rc = db_exec(r->app->db, STMT_USER_ADD, NULL, &id, "ssssiss", NULL, hash, first,
		    last, (int64_t)age, role, lang_codes[r->lang]);
	}
	if (known) {
		db_rollback(r->app->db);
		if (rc != DB_OK) {
			answer_db(r, rc == DB_DUP ? DB_ERR : rc);
			goto out;
		}
		if (res->nrows == 1)
			(void)account_mail(r, "register_exists", "Lang.Mail.RegisterExists.Subject",
			    email, dbres_get(res, 0, "first_name"), dbres_get(res, 0, "lang"),
			    "/password/forgot", NULL);
	} else {
		if (rc == DB_OK)
			tok = token_new(r, (int64_t)id, "verify", NULL, VERIFY_MINUTES, &rc);
		if (rc == DB_OK)
			rc = account_mail(r, "verify", "Lang.Mail.Verify.Subject", email, first,
			    lang_codes[r->lang], "/verify", tok);
		if (rc == DB_OK)
			rc = db_commit(r->app->db);
		if (rc != DB_OK) {
			db_rollback(r->app->db);
			answer_db(r, rc);
			goto out;
		}
		klog("registered user %llu (%s)", (unsigned long long)id, role);
	}
	*id_out = (int64_t)id;
	*role_out = role;
	*email_out = email;
	email = NULL;
	ret = 0;
out:
	dbres_free(res);
	free(first);
	free(last);
	free(email);
	free(hash);
	free(tok);
	return ret;
}

void
h_register_form(struct req *r)
{
	if (r->user.id != 0) {
		req_redirect(r, "/account");
		return;
	}
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.register_heading"));
	r->tpl = TPL_REGISTER;
}

void
h_register(struct req *r)
{
	int64_t		 id;
	const char	*role;
	char		*email = NULL;

	form_keep(r, reg_fields);
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.register_heading"));
	if (do_register(r, &id, &role, &email) != 0)
		return;
	free(email);
	req_flash(r, "registered");
	req_redirect(r, "/login");
}

void
h_api_register(struct req *r)
{
	int64_t		 id;
	const char	*role;
	char		*email = NULL;

	if (do_register(r, &id, &role, &email) != 0)
		return;
	req_json(r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
	    "email", email, "role", role));
	free(email);
}

/* ---- email verification ------------------------------------------------ */

/*
 * GET /verify?token=: confirms a registration address or a new address
 * from the profile.  Single use; the token row is locked while it is used.
 */
void
h_verify(struct req *r)
{
	const char	*tok = req_query(r, "token");
	unsigned char	 h[32];
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	const char	*kind = "verify";
	int		 ok = 0;

	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.verify_heading"));
	r->tpl = TPL_VERIFY;
	if (tok == NULL || strlen(tok) != 43) {
		hdf_set_int_value(r->hdf, "Verify.Ok", 0);
		r->status = 400;
		return;
	}
	sha256(tok, strlen(tok), h);
	if (answer_db(r, db_begin(r->app->db)) != 0)
		return;
	rc = db_query(r->app->db, STMT_TOKEN_GET, &res, "bs", h, sizeof(h), kind);
	if (rc == DB_OK && res->nrows == 0) {
		dbres_free(res);
		res = NULL;
		kind = "email_change";
		rc = db_query(r->app->db, STMT_TOKEN_GET, &res, "bs", h, sizeof(h), kind);
	}
	if (rc == DB_OK && res->nrows == 1) {
		int64_t uid = dbres_int(res, 0, "user_id");

		rc = db_exec(r->app->db, STMT_TOKEN_USE, NULL, NULL, "b", h, sizeof(h));
		if (rc == DB_OK && strcmp(kind, "verify") == 0)
			rc = db_exec(r->app->db, STMT_USER_SET_VERIFIED, NULL, NULL, "i", uid);
		else if (rc == DB_OK)
			rc = db_exec(r->app->db, STMT_USER_SET_EMAIL, NULL, NULL, "si",
			    dbres_get(res, 0, "data"), uid);
		if (rc == DB_OK)
			ok = 1;
	}
	dbres_free(res);
	if (rc == DB_DUP) {
		/* the new address was taken meanwhile: the link is spent, nothing changes */
		db_rollback(r->app->db);
		ok = 0;
	} else if (rc != DB_OK) {
		db_rollback(r->app->db);
		answer_db(r, rc);
		return;
	} else if (db_commit(r->app->db) != DB_OK) {
		req_error(r, 503, NULL);
		return;
	}
	hdf_set_int_value(r->hdf, "Verify.Ok", ok);
	hdf_set_value(r->hdf, "Verify.Kind", kind);
	if (!ok)
		r->status = 400;
	else if (r->user.id != 0)
		r->user.verified = 1;
}

/* POST /account/resend-verification: one mail per 5 minutes. */
void
h_resend_verification(struct req *r)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	char		*tok;

	if (r->user.verified) {
		req_redirect(r, "/account");
		return;
	}
	rc = db_query(r->app->db, STMT_TOKEN_RECENT, &res, "isi", r->user.id, "verify",
	    (int64_t)5);
	if (answer_db(r, rc) != 0)
		return;
	if (dbres_int(res, 0, "n") > 0) {
		dbres_free(res);
		req_header(r, "Retry-After", "300");
		req_error(r, 429, "resend_wait");
		return;
	}
	dbres_free(res);
	if (answer_db(r, db_begin(r->app->db)) != 0)
		return;
	tok = token_new(r, r->user.id, "verify", NULL, VERIFY_MINUTES, &rc);
	if (rc == DB_OK)
		rc = account_mail(r, "verify", "Lang.Mail.Verify.Subject", r->user.email,
		    r->user.first_name, r->user.lang, "/verify", tok);
	free(tok);
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		answer_db(r, rc);
		return;
	}
	req_flash(r, "verification_resent");
	req_redirect(r, safe_next(req_form(r, "next")));
}

/* ---- sign in ----------------------------------------------------------- */

/*
 * Throttling: 5 failures for one address or 20 from one client address in
 * 15 minutes.  Returns seconds to wait, 0 when allowed, -1 on db trouble.
 */
static int64_t
throttled(struct req *r, const char *email)
{
	struct dbres	*res = NULL;
	int64_t		 wait = 0;

	if (email != NULL) {
		if (db_query(r->app->db, STMT_LOGIN_FAIL_COUNT_EMAIL, &res, "isi",
		    (int64_t)THROTTLE_WINDOW, email, (int64_t)THROTTLE_WINDOW) != DB_OK)
			return -1;
		if (dbres_int(res, 0, "n") >= THROTTLE_EMAIL)
			wait = dbres_int(res, 0, "wait");
		dbres_free(res);
	}
	if (db_query(r->app->db, STMT_LOGIN_FAIL_COUNT_IP, &res, "isi",
	    (int64_t)THROTTLE_WINDOW, r->remote_addr, (int64_t)THROTTLE_WINDOW) != DB_OK)
		return -1;
	if (dbres_int(res, 0, "n") >= THROTTLE_IP && dbres_int(res, 0, "wait") > wait)
		wait = dbres_int(res, 0, "wait");
	dbres_free(res);
	return wait > 0 ? wait : (wait == 0 ? 0 : 1);
}

static void
answer_throttled(struct req *r, int64_t wait)
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
		hdf_set_value(r->hdf, "Errors.form", msg);
		r->status = 429;
		r->tpl = TPL_LOGIN;
	}
	free(msg);
}

/* A hash to check against when the address is unknown: same cost, no hint. */
static const char *
dummy_hash(void)
{
	static char *h;

	if (h == NULL)
		h = password_hash("kametay-timing-equaliser");
	return h;
}

/*
 * Checks an email/password pair.  Returns the user row (caller frees) or
 * NULL after answering: 401 bad pair, 429 throttled, 403 blocked, 503.
 */
static struct dbres *
check_login(struct req *r)
{
	const char	*pw = req_field(r, "password");
	const char	*raw = req_field(r, "email");
	char		*email = NULL;
	struct dbres	*res = NULL;
	int64_t		 wait;
	int		 ok = 0;

	if (raw != NULL && utf8_valid(raw, strlen(raw))) {
		char *copy = xstrdup(raw);

		email = xstrdup(str_trim(copy));
		str_lower(email);
		free(copy);
	}
	if ((wait = throttled(r, email)) != 0) {
		if (wait < 0)
			req_error(r, 503, NULL);
		else
			answer_throttled(r, wait);
		free(email);
		return NULL;
	}
	if (email != NULL && email_valid(email) && pw != NULL) {
		if (db_query(r->app->db, STMT_USER_BY_EMAIL, &res, "s", email) != DB_OK) {
			req_error(r, 503, NULL);
			free(email);
			return NULL;
		}
		if (res->nrows == 1)
			ok = password_verify(pw, dbres_get(res, 0, "password_hash"));
		else
			(void)password_verify(pw, dummy_hash());
	}
	if (!ok) {
		(void)db_exec(r->app->db, STMT_LOGIN_FAIL_ADD, NULL, NULL, "ss",
		    email != NULL ? email : "", r->remote_addr);
		klog("sign-in failed for %s from %s", email != NULL && email_valid(email) ?
		    email : "(invalid address)", r->remote_addr);
		if (r->route->flags & R_API)
			req_json(r, 401, json_pack("{s:s, s:s}", "error", "invalid_credentials",
			    "message", req_lang_str(r, "Lang.Err.bad_login")));
		else {
			hdf_set_value(r->hdf, "Errors.form", req_lang_str(r, "Lang.Err.bad_login"));
			r->status = 401;
			r->tpl = TPL_LOGIN;
		}
		dbres_free(res);
		free(email);
		return NULL;
	}
	if (dbres_int(res, 0, "blocked")) {
		req_error(r, 403, "blocked");
		if (!(r->route->flags & R_API)) {
			hdf_set_value(r->hdf, "Errors.form", req_lang_str(r, "Lang.Err.blocked"));
			r->tpl = TPL_LOGIN;
		}
		dbres_free(res);
		free(email);
		return NULL;
	}
	(void)db_exec(r->app->db, STMT_LOGIN_FAIL_CLEAR, NULL, NULL, "s", email);
	free(email);
	return res;
}

void
h_login_form(struct req *r)
{
	const char *next = req_query(r, "next");

	if (r->user.id != 0) {
		req_redirect(r, safe_next(next));
		return;
	}
	hdf_set_value(r->hdf, "Form.next", safe_next(next));
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.login_heading"));
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
	hdf_set_value(r->hdf, "Form.next", safe_next(req_form(r, "next")));
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.login_heading"));
	if ((u = check_login(r)) == NULL)
		return;
	if ((st = session_start(r, dbres_int(u, 0, "id"))) != 0) {
		dbres_free(u);
		req_error(r, st, NULL);
		return;
	}
	/* the account's language wins from now on */
	if ((lang = dbres_get(u, 0, "lang")) != NULL && lang_parse(lang) >= 0)
		req_cookie(r, "lang", lang, 60 * 60 * 24 * 365);
	dbres_free(u);
	req_flash(r, "logged_in");
	req_redirect(r, safe_next(req_form(r, "next")));
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
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.forgot_heading"));
	r->tpl = TPL_FORGOT;
}

/* Always the same answer; a mail only when the address has an account. */
void
h_forgot(struct req *r)
{
	static const char *const keep[] = { "email", NULL };
	struct ferrs	 e = { 0 };
	char		*email, *tok = NULL;
	struct dbres	*res = NULL, *recent = NULL;
	enum db_rc	 rc;

	form_keep(r, keep);
	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.forgot_heading"));
	if ((email = valid_email(r, &e, "email")) == NULL) {
		ferr_answer(r, &e, TPL_FORGOT);
		return;
	}
	rc = db_query(r->app->db, STMT_USER_BY_EMAIL, &res, "s", email);
	if (answer_db(r, rc) != 0) {
		free(email);
		return;
	}
	if (res->nrows == 1 && !dbres_int(res, 0, "blocked")) {
		int64_t uid = dbres_int(res, 0, "id");

		/* at most 3 links in 15 minutes, silently: the answer stays the same */
		rc = db_query(r->app->db, STMT_TOKEN_RECENT, &recent, "isi", uid, "reset",
		    (int64_t)15);
		if (rc == DB_OK && dbres_int(recent, 0, "n") < 3 &&
		    (rc = db_begin(r->app->db)) == DB_OK) {
			tok = token_new(r, uid, "reset", NULL, RESET_MINUTES, &rc);
			if (rc == DB_OK)
				rc = account_mail(r, "reset", "Lang.Mail.Reset.Subject", email,
				    dbres_get(res, 0, "first_name"), dbres_get(res, 0, "lang"),
				    "/password/reset", tok);
			if (rc == DB_OK)
				rc = db_commit(r->app->db);
			if (rc != DB_OK)
				db_rollback(r->app->db);
		}
		dbres_free(recent);
		free(tok);
		if (rc == DB_DOWN) {
			dbres_free(res);
			free(email);
			req_error(r, 503, NULL);
			return;
		}
	}
	dbres_free(res);
	free(email);
	hdf_set_int_value(r->hdf, "Sent", 1);
	r->tpl = TPL_FORGOT;
}

/* The user id behind a live token of `kind`, locking it; 0 if none. */
static int64_t
token_lookup(struct req *r, const char *tok, const char *kind, unsigned char h[32],
    enum db_rc *rc)
{
	struct dbres	*res = NULL;
	int64_t		 uid = 0;

	*rc = DB_OK;
	if (tok == NULL || strlen(tok) != 43)
		return 0;
	sha256(tok, strlen(tok), h);
	*rc = db_query(r->app->db, STMT_TOKEN_GET, &res, "bs", h, (size_t)32, kind);
	if (*rc == DB_OK && res->nrows == 1)
		uid = dbres_int(res, 0, "user_id");
	dbres_free(res);
	return uid;
}

void
h_reset_form(struct req *r)
{
	const char	*tok = req_query(r, "token");
	unsigned char	 h[32];
	enum db_rc	 rc;

	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.reset_heading"));
	r->tpl = TPL_RESET;
	if (token_lookup(r, tok, "reset", h, &rc) == 0) {
		if (answer_db(r, rc) != 0)
			return;
		hdf_set_int_value(r->hdf, "Invalid", 1);
		r->status = 400;
		return;
	}
	hdf_set_value(r->hdf, "Form.token", tok);
}

/* Ends every session and token of a user (password reset, block). */
enum db_rc
user_logout_everywhere(struct db *db, int64_t uid, int64_t keep_session)
{
	enum db_rc rc;

	if (keep_session != 0)
		rc = db_exec(db, STMT_SESSION_DEL_USER_OTHERS, NULL, NULL, "ii", uid, keep_session);
	else
		rc = db_exec(db, STMT_SESSION_DEL_USER, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_REFRESH_REVOKE_USER, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_exec(db, STMT_USER_BUMP_EPOCH, NULL, NULL, "i", uid);
	return rc;
}

void
h_reset(struct req *r)
{
	const char	*tok = req_form(r, "token");
	unsigned char	 h[32];
	struct ferrs	 e = { 0 };
	struct dbres	*u = NULL;
	const char	*pw;
	char		*hash = NULL;
	enum db_rc	 rc;
	int64_t		 uid;

	hdf_set_value(r->hdf, "Page.Title", req_lang_str(r, "Lang.Auth.reset_heading"));
	if (answer_db(r, db_begin(r->app->db)) != 0)
		return;
	if ((uid = token_lookup(r, tok, "reset", h, &rc)) == 0) {
		db_rollback(r->app->db);
		if (answer_db(r, rc) != 0)
			return;
		hdf_set_int_value(r->hdf, "Invalid", 1);
		r->status = 400;
		r->tpl = TPL_RESET;
		return;
	}
	hdf_set_value(r->hdf, "Form.token", tok);
	rc = db_query(r->app->db, STMT_USER_BY_ID, &u, "i", uid);
	if (rc != DB_OK || u->nrows == 0) {
		db_rollback(r->app->db);
		dbres_free(u);
		answer_db(r, rc == DB_OK ? DB_ERR : rc);
		return;
	}
	if ((pw = valid_password(r, &e, "password", dbres_get(u, 0, "email"))) == NULL) {
		db_rollback(r->app->db);
		dbres_free(u);
		ferr_answer(r, &e, TPL_RESET);
		return;
	}
	dbres_free(u);
	if ((hash = password_hash(pw)) == NULL) {
		db_rollback(r->app->db);
		req_error(r, 500, NULL);
		return;
	}
	rc = db_exec(r->app->db, STMT_TOKEN_USE, NULL, NULL, "b", h, sizeof(h));
	if (rc == DB_OK)
		rc = db_exec(r->app->db, STMT_USER_SET_PASSWORD, NULL, NULL, "si", hash, uid);
	if (rc == DB_OK)
		rc = user_logout_everywhere(r->app->db, uid, 0);
	/* whoever could read the mail owns the address: it counts as verified */
	if (rc == DB_OK)
		rc = db_exec(r->app->db, STMT_USER_SET_VERIFIED, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	free(hash);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		answer_db(r, rc);
		return;
	}
	if (r->user.id == uid)
		session_end(r);
	req_flash(r, "password_changed");
	req_redirect(r, "/login");
}

/* ---- JSON API: tokens -------------------------------------------------- */

#define ACCESS_SECONDS	(15 * 60)
#define REFRESH_SECONDS	(14 * 24 * 3600)

/* Issues an access + refresh pair in `family` (a new one when NULL). */
static json_t *
issue_tokens(struct req *r, int64_t uid, int64_t epoch, const char *family, enum db_rc *rc)
{
	time_t		 now = time(NULL);
	char		*fam = family ? xstrdup(family) : random_token(16);
	char		*jti = random_token(16), *access = NULL, *refresh = NULL;
	char		 sub[32];
	unsigned char	 h[32];
	json_t		*c, *out = NULL;

	*rc = DB_ERR;
	if (fam == NULL || jti == NULL)
		goto out;
	snprintf(sub, sizeof(sub), "%lld", (long long)uid);
	c = json_pack("{s:s, s:I, s:I, s:s, s:I}", "sub", sub, "iat", (json_int_t)now,
	    "exp", (json_int_t)(now + ACCESS_SECONDS), "typ", "access", "ep", (json_int_t)epoch);
	access = jwt_sign(r->app->jwt_key, sizeof(r->app->jwt_key), c);
	json_decref(c);
	c = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}", "sub", sub, "iat", (json_int_t)now,
	    "exp", (json_int_t)(now + REFRESH_SECONDS), "typ", "refresh", "jti", jti,
	    "fam", fam);
	refresh = jwt_sign(r->app->jwt_key, sizeof(r->app->jwt_key), c);
	json_decref(c);
	if (access == NULL || refresh == NULL)
		goto out;
	sha256(jti, strlen(jti), h);
	*rc = db_exec(r->app->db, STMT_REFRESH_ADD, NULL, NULL, "bisi", h, sizeof(h), uid,
	    fam, (int64_t)REFRESH_SECONDS);
	if (*rc == DB_OK)
		out = json_pack("{s:s, s:s}", "access", access, "refresh", refresh);
out:
	free(fam);
	free(jti);
	free(access);
	free(refresh);
	return out;
}

void
h_api_login(struct req *r)
{
	struct dbres	*u;
	json_t		*t;
	enum db_rc	 rc;

	if ((u = check_login(r)) == NULL)
		return;
	t = issue_tokens(r, dbres_int(u, 0, "id"), dbres_int(u, 0, "token_epoch"), NULL, &rc);
	dbres_free(u);
	if (t == NULL) {
		answer_db(r, rc == DB_OK ? DB_ERR : rc);
		return;
	}
	req_json(r, 200, t);
}

static void
api_401(struct req *r, const char *code)
{
	char key[64];

	snprintf(key, sizeof(key), "Lang.Err.%s", code);
	req_json(r, 401, json_pack("{s:s, s:s}", "error", code, "message",
	    req_lang_str(r, key)));
}

/*
 * POST /api/token/refresh/: rotates the pair.  A refresh token that was
 * already used means it leaked: the whole family is revoked.
 */
void
h_api_refresh(struct req *r)
{
	const char	*tok = req_field(r, "refresh");
	const char	*why, *jti, *fam, *typ, *sub;
	json_t		*claims, *out = NULL;
	struct dbres	*res = NULL, *u = NULL;
	unsigned char	 h[32];
	enum db_rc	 rc;
	int64_t		 uid;

	claims = jwt_verify(r->app->jwt_key, sizeof(r->app->jwt_key), tok, time(NULL), &why);
	if (claims == NULL) {
		api_401(r, strcmp(why, "expired") == 0 ? "token_expired" : "token_invalid");
		return;
	}
	typ = json_string_value(json_object_get(claims, "typ"));
	jti = json_string_value(json_object_get(claims, "jti"));
	fam = json_string_value(json_object_get(claims, "fam"));
	sub = json_string_value(json_object_get(claims, "sub"));
	if (typ == NULL || strcmp(typ, "refresh") != 0 || jti == NULL || fam == NULL ||
	    sub == NULL || parse_int64(sub, 1, INT64_MAX, &uid) != 0) {
		json_decref(claims);
		api_401(r, "token_invalid");
		return;
	}
	sha256(jti, strlen(jti), h);
	if (answer_db(r, db_begin(r->app->db)) != 0) {
		json_decref(claims);
		return;
	}
	rc = db_query(r->app->db, STMT_REFRESH_GET, &res, "b", h, sizeof(h));
	if (rc != DB_OK || res->nrows == 0 || dbres_int(res, 0, "user_id") != uid) {
		db_rollback(r->app->db);
		if (rc == DB_OK)
			api_401(r, "token_invalid");
		else
			answer_db(r, rc);
		goto out;
	}
	if (dbres_int(res, 0, "used") || dbres_int(res, 0, "revoked") ||
	    dbres_int(res, 0, "expired")) {
		if (dbres_int(res, 0, "used")) {
			klog("refresh token reused for user %lld: revoking its family",
			    (long long)uid);
			rc = db_exec(r->app->db, STMT_REFRESH_REVOKE_FAMILY, NULL, NULL, "s", fam);
			if (rc == DB_OK)
				rc = db_commit(r->app->db);
			if (rc != DB_OK)
				db_rollback(r->app->db);
		} else
			db_rollback(r->app->db);
		api_401(r, "token_revoked");
		goto out;
	}
	rc = db_exec(r->app->db, STMT_REFRESH_USE, NULL, NULL, "b", h, sizeof(h));
	if (rc == DB_OK)
		rc = db_query(r->app->db, STMT_USER_BY_ID, &u, "i", uid);
	if (rc == DB_OK && (u->nrows == 0 || dbres_int(u, 0, "blocked"))) {
		db_rollback(r->app->db);
		api_401(r, "token_revoked");
		goto out;
	}
	if (rc == DB_OK)
		out = issue_tokens(r, uid, dbres_int(u, 0, "token_epoch"), fam, &rc);
	if (rc == DB_OK)
		rc = db_commit(r->app->db);
	if (rc != DB_OK) {
		db_rollback(r->app->db);
		if (out != NULL)
			json_decref(out);
		answer_db(r, rc);
		goto out;
	}
	req_json(r, 200, out);
out:
	dbres_free(res);
	dbres_free(u);
	json_decref(claims);
}

/*
 * Authorization: Bearer <access> on API routes.  0 when there is none or it
 * is good (r->user filled); else answers 401 and returns -1.
 */
int
bearer_load(struct req *r)
{
	char		*hdr = req_env(r, "HTTP_AUTHORIZATION");
	const char	*why, *typ, *sub;
	json_t		*claims;
	struct dbres	*u = NULL;
	int64_t		 uid;
	enum db_rc	 rc;

	if (hdr == NULL)
		return 0;
	if (strncasecmp(hdr, "Bearer ", 7) != 0) {
		free(hdr);
		api_401(r, "token_invalid");
		return -1;
	}
	claims = jwt_verify(r->app->jwt_key, sizeof(r->app->jwt_key), hdr + 7, time(NULL), &why);
	free(hdr);
	if (claims == NULL) {
		api_401(r, strcmp(why, "expired") == 0 ? "token_expired" : "token_invalid");
		return -1;
	}
	typ = json_string_value(json_object_get(claims, "typ"));
	sub = json_string_value(json_object_get(claims, "sub"));
	if (typ == NULL || strcmp(typ, "access") != 0 || sub == NULL ||
	    parse_int64(sub, 1, INT64_MAX, &uid) != 0 ||
	    !json_is_integer(json_object_get(claims, "ep"))) {
		json_decref(claims);
		api_401(r, "token_invalid");
		return -1;
	}
	rc = db_query(r->app->db, STMT_USER_BY_ID, &u, "i", uid);
	if (rc != DB_OK) {
		json_decref(claims);
		req_error(r, rc == DB_DOWN ? 503 : 500, NULL);
		return -1;
	}
	if (u->nrows == 0 || dbres_int(u, 0, "blocked") ||
	    dbres_int(u, 0, "token_epoch") != json_integer_value(json_object_get(claims, "ep"))) {
		dbres_free(u);
		json_decref(claims);
		api_401(r, "token_revoked");
		return -1;
	}
	json_decref(claims);
	r->user.id = uid;
	r->user.email = xstrdup(dbres_get(u, 0, "email"));
	r->user.first_name = xstrdup(dbres_get(u, 0, "first_name"));
	r->user.lang = xstrdup(dbres_get(u, 0, "lang"));
	r->user.role = (enum role)role_parse(dbres_get(u, 0, "role"));
	r->user.verified = (int)dbres_int(u, 0, "verified");
	dbres_free(u);
	return 0;
}

void
h_api_me(struct req *r)
{
	struct dbres	*u = NULL;
	enum db_rc	 rc;

	rc = db_query(r->app->db, STMT_USER_BY_ID, &u, "i", r->user.id);
	if (answer_db(r, rc) != 0)
		return;
	if (u->nrows == 0) {
		dbres_free(u);
		req_error(r, 404, NULL);
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
