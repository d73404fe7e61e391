/*
 * Accounts without HTTP.  Nothing here tells whether an address has an
 * account: registration with a known address, a reset for an unknown one
 * and a wrong password all look like their harmless twin from outside
 * (the known-address case gets a mail instead, which only the owner reads).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/accounts.h"
#include "domain/event_rules.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/jwt.h"
#include "lib/password.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/account_mail.h"
#include "notify/notify.h"

#define VERIFY_MINUTES	(24 * 60)
#define RESET_MINUTES	60
#define EMAIL_CHANGE_MINUTES (24 * 60)
#define THROTTLE_WINDOW	15	/* minutes */
#define THROTTLE_EMAIL	5
#define THROTTLE_IP	20
#define ACCESS_SECONDS	(15 * 60)
#define REFRESH_SECONDS	(14 * 24 * 3600)

/* ---- tokens mailed as links -------------------------------------------- */

char *
token_new(struct db *db, int64_t user_id, const char *kind, const char *data, int minutes,
    enum db_rc *rc)
{
	char		*tok;
	unsigned char	 h[32];

	if ((tok = random_token(32)) == NULL) {
		*rc = DB_ERR;
		return NULL;
	}
	sha256(tok, strlen(tok), h);
	*rc = db_exec(db, STMT_TOKEN_ADD, NULL, NULL, "bissi", h, sizeof(h), user_id, kind,
	    data, (int64_t)minutes);
	if (*rc != DB_OK) {
		free(tok);
		return NULL;
	}
	return tok;
}

int64_t
token_lookup(struct db *db, const char *tok, const char *kind, unsigned char h[32],
    enum db_rc *rc)
{
	struct dbres	*res = NULL;
	int64_t		 uid = 0;

	*rc = DB_OK;
	if (tok == NULL || strlen(tok) != 43)
		return 0;
	sha256(tok, strlen(tok), h);
	*rc = db_query(db, STMT_TOKEN_GET, &res, "bs", h, (size_t)32, kind);
	if (*rc == DB_OK && res->nrows == 1)
		uid = dbres_int(res, 0, "user_id");
	dbres_free(res);
	return uid;
}

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
	/* a reset link mailed before is a way back in too */
	if (rc == DB_OK)
		rc = db_exec(db, STMT_TOKEN_DEL_USER_KIND, NULL, NULL, "is", uid, "reset");
	return rc;
}

/* ---- throttle counters ------------------------------------------------- */

/*
 * Takes one attempt on the counter `key` (at most `limit` per `minutes`):
 * 0 when allowed, else the seconds until the window ends, -1 when the
 * database is gone.  Counting and taking are one statement whose row lock
 * is held until the commit, so parallel requests each see their own count.
 */
static int64_t
attempt_take(struct db *db, const char *key, int64_t limit, int64_t minutes)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	int64_t		 wait = -1;

	if ((rc = db_begin(db)) == DB_OK)
		rc = db_exec(db, STMT_ATTEMPT_TAKE, NULL, NULL, "sii", key, minutes, minutes);
	if (rc == DB_OK)
		rc = db_query(db, STMT_ATTEMPT_GET, &res, "is", minutes, key);
	if (rc == DB_OK && res->nrows == 1) {
		wait = dbres_int(res, 0, "n") > limit ? dbres_int(res, 0, "wait") : 0;
		if (dbres_int(res, 0, "n") > limit && wait < 1)
			wait = 1;	/* the window ends this second */
	}
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		wait = -1;
	}
	dbres_free(res);
	return wait;
}

/* ---- registration ------------------------------------------------------ */

int
acct_organiser_code(struct app *app, const char *code)
{
	const char *want = conf_str(app->conf, "Accounts.OrganiserCode", "Dc5_G1gz");

	return strlen(code) == strlen(want) && ct_equal(code, want, strlen(want));
}

/*
 * A known address answers exactly as a new one, down to the id and the
 * role (the one the organiser code asked for, not the owner's), and its
 * owner is told by mail.  So it is looked up first rather than found by a
 * failed INSERT: that would use up an id, and the answers would show the
 * gap (or the same id twice).  Instead a row without an address is
 * inserted and rolled back, which takes the next id as a new account does.
 */
/* The stand-in account of a known address registered from the page (schema/060). */
static enum db_rc
standin_add(struct db *db, const struct acct_new *n, const char *hash, uint64_t *id)
{
	return db_exec(db, STMT_USER_ADD_STANDIN, NULL, id, "ssssiss", n->email, hash,
	    n->first_name, n->last_name, (int64_t)n->age, n->role, lang_codes[n->lang]);
}

enum dom_rc
acct_register(struct app *app, const struct acct_new *n, int64_t *id_out, int64_t *wait)
{
	struct db	*db = app->db;
	struct dbres	*res = NULL;
	char		*hash = NULL, *tok = NULL, *key;
	const char	*lang = lang_codes[n->lang];
	enum dom_rc	 ret = DOM_ERR;
	enum db_rc	 rc;
	uint64_t	 id = 0;
	int		 known, slot;

	/* the limit comes before yescrypt: a refused request costs no hashing */
	key = xasprintf("register:%s", n->remote_addr != NULL ? n->remote_addr : "-");
	*wait = attempt_take(db, key, conf_int(app->conf, "Limits.RegisterPerClient", 10),
	    conf_int(app->conf, "Limits.RegisterMinutes", 15));
	free(key);
	if (*wait != 0)
		return *wait < 0 ? DOM_DOWN : DOM_THROTTLED;
	key = xasprintf("%s/tmp", conf_str(app->conf, "Paths.Var", "var"));
	slot = password_slot_take(key, conf_int(app->conf, "Limits.HashSlots", 2));
	free(key);
	if (slot == -1) {
		*wait = 1;
		return DOM_BUSY;
	}
	hash = password_hash(n->password);
	password_slot_give(slot);
	if (hash == NULL)
		return DOM_ERR;
	if ((rc = db_query(db, STMT_USER_BY_EMAIL, &res, "s", n->email)) != DB_OK ||
	    (rc = db_begin(db)) != DB_OK) {
		ret = dom_from_db(rc);
		goto out;
	}
	known = res->nrows > 0;
	rc = known && n->standin ? standin_add(db, n, hash, &id) :
	    db_exec(db, STMT_USER_ADD, NULL, &id, "ssssiss", known ? NULL : n->email, hash,
	    n->first_name, n->last_name, (int64_t)n->age, n->role, lang);
	if (rc == DB_DUP && !known) {
		/* registered a moment ago by another request: known after all */
		db_rollback(db);
		dbres_free(res);
		res = NULL;
		known = 1;
		if ((rc = db_query(db, STMT_USER_BY_EMAIL, &res, "s", n->email)) != DB_OK ||
		    (rc = db_begin(db)) != DB_OK) {
			ret = dom_from_db(rc);
			goto out;
		}
		rc = n->standin ? standin_add(db, n, hash, &id) :
		    db_exec(db, STMT_USER_ADD, NULL, &id, "ssssiss", NULL, hash, n->first_name,
		    n->last_name, (int64_t)n->age, n->role, lang);
	}
	if (known) {
		/*
		 * The stand-in is kept, with a verify token as a new account has
		 * (never mailed: it only makes "resend" answer alike); otherwise
		 * the row only took the next id.
		 */
		if (rc == DB_OK && n->standin) {
			tok = token_new(db, (int64_t)id, "verify", NULL, VERIFY_MINUTES, &rc);
			if (rc == DB_OK)
				rc = db_commit(db);
			if (rc != DB_OK)
				db_rollback(db);
		} else
			db_rollback(db);
		if (rc != DB_OK) {
			ret = dom_from_db(rc);
			goto out;
		}
		/* the owner hears of it, but a loop must not flood their mailbox */
		key = xasprintf("exists-mail:%s", n->email);
		if (res->nrows == 1 && attempt_take(db, key,
		    conf_int(app->conf, "Limits.ExistsMailsPerAddress", 3),
		    conf_int(app->conf, "Limits.ExistsMailHours", 24) * 60) == 0)
			(void)mail_register_exists(app, n->lang, n->email,
			    dbres_get(res, 0, "first_name"), dbres_get(res, 0, "lang"));
		free(key);
	} else {
		if (rc == DB_OK)
			tok = token_new(db, (int64_t)id, "verify", NULL, VERIFY_MINUTES, &rc);
		if (rc == DB_OK)
			rc = mail_verify(app, n->lang, n->email, n->first_name, lang, tok);
		if (rc == DB_OK)
			rc = db_commit(db);
		if (rc != DB_OK) {
			db_rollback(db);
			ret = dom_from_db(rc);
			goto out;
		}
		klog("registered user %llu (%s)", (unsigned long long)id, n->role);
	}
	*id_out = (int64_t)id;
	ret = DOM_OK;
out:
	dbres_free(res);
	free(hash);
	free(tok);
	return ret;
}

/* ---- email verification ------------------------------------------------ */

/* Single use; the token row is locked while it is used. */
enum dom_rc
acct_verify(struct db *db, const char *tok, const char **kind_out, int64_t *uid_out)
{
	unsigned char	 h[32];
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	const char	*kind = "verify";
	int		 ok = 0;

	*kind_out = NULL;
	*uid_out = 0;
	if (tok == NULL || strlen(tok) != 43)
		return DOM_INVALID;
	sha256(tok, strlen(tok), h);
	if ((rc = db_begin(db)) != DB_OK)
		return dom_from_db(rc);
	rc = db_query(db, STMT_TOKEN_GET, &res, "bs", h, sizeof(h), kind);
	if (rc == DB_OK && res->nrows == 0) {
		dbres_free(res);
		res = NULL;
		kind = "email_change";
		rc = db_query(db, STMT_TOKEN_GET, &res, "bs", h, sizeof(h), kind);
	}
	if (rc == DB_OK && res->nrows == 1) {
		int64_t uid = dbres_int(res, 0, "user_id");

		rc = db_exec(db, STMT_TOKEN_USE, NULL, NULL, "b", h, sizeof(h));
		if (rc == DB_OK && strcmp(kind, "verify") == 0)
			rc = db_exec(db, STMT_USER_SET_VERIFIED, NULL, NULL, "i", uid);
		else if (rc == DB_OK)
			rc = db_exec(db, STMT_USER_SET_EMAIL, NULL, NULL, "si",
			    dbres_get(res, 0, "data"), uid);
		/* a confirmed address takes up the events' teams it was invited to */
		if (rc == DB_OK)
			rc = staff_invites_take(db, uid);
		if (rc == DB_OK) {
			ok = 1;
			*uid_out = uid;
		}
	}
	dbres_free(res);
	if (rc == DB_DUP) {
		/* the new address was taken meanwhile: the link is spent, nothing changes */
		db_rollback(db);
		ok = 0;
		*uid_out = 0;
	} else if (rc != DB_OK) {
		db_rollback(db);
		return dom_from_db(rc);
	} else if (db_commit(db) != DB_OK)
		return DOM_DOWN;
	*kind_out = kind;
	return ok ? DOM_OK : DOM_NOT_FOUND;
}

enum dom_rc
acct_resend_verify(struct app *app, const struct user *u, enum lang fallback,
    const char **reason)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	char		*tok;
	int		 recent, standin;

	*reason = NULL;
	rc = db_query(app->db, STMT_USER_BY_ID, &res, "i", u->id);
	if (rc != DB_OK)
		return dom_from_db(rc);
	standin = res->nrows == 1 && dbres_get(res, 0, "email") == NULL;
	dbres_free(res);
	res = NULL;
	rc = db_query(app->db, STMT_TOKEN_RECENT, &res, "isi", u->id, "verify", (int64_t)5);
	if (rc != DB_OK)
		return dom_from_db(rc);
	recent = dbres_int(res, 0, "n") > 0;
	dbres_free(res);
	if (recent) {
		*reason = "resend_wait";
		return DOM_THROTTLED;
	}
	if ((rc = db_begin(app->db)) != DB_OK)
		return dom_from_db(rc);
	tok = token_new(app->db, u->id, "verify", NULL, VERIFY_MINUTES, &rc);
	/*
	 * A stand-in (schema/060) never gets the link: the address is another
	 * account's.  Its token is made all the same and never sent, so the
	 * answers (and the 5-minute wait) are a real account's.
	 */
	if (rc == DB_OK && !standin)
		rc = mail_verify(app, fallback, u->email, u->first_name, u->lang, tok);
	free(tok);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK) {
		db_rollback(app->db);
		return dom_from_db(rc);
	}
	return DOM_OK;
}

/* ---- sign in ----------------------------------------------------------- */

/*
 * Throttling: 5 failures for one address or 20 from one client address in
 * 15 minutes.  Returns seconds to wait, 0 when allowed, -1 on db trouble.
 */
static int64_t
throttled(struct db *db, const char *email, const char *remote_addr)
{
	struct dbres	*res = NULL;
	int64_t		 wait = 0;

	if (email != NULL) {
		if (db_query(db, STMT_LOGIN_FAIL_COUNT_EMAIL, &res, "isi",
		    (int64_t)THROTTLE_WINDOW, email, (int64_t)THROTTLE_WINDOW) != DB_OK)
			return -1;
		if (dbres_int(res, 0, "n") >= THROTTLE_EMAIL)
			wait = dbres_int(res, 0, "wait");
		dbres_free(res);
	}
	if (db_query(db, STMT_LOGIN_FAIL_COUNT_IP, &res, "isi", (int64_t)THROTTLE_WINDOW,
	    remote_addr, (int64_t)THROTTLE_WINDOW) != DB_OK)
		return -1;
	if (dbres_int(res, 0, "n") >= THROTTLE_IP && dbres_int(res, 0, "wait") > wait)
		wait = dbres_int(res, 0, "wait");
	dbres_free(res);
	return wait > 0 ? wait : (wait == 0 ? 0 : 1);
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

enum dom_rc
acct_login(struct db *db, const char *raw, const char *pw, const char *remote_addr,
    struct dbres **u, int64_t *wait)
{
	char		*email = NULL, *key = NULL;
	struct dbres	*res = NULL;
	enum dom_rc	 ret;
	int		 ok = 0;

	*u = NULL;
	if (raw != NULL && utf8_valid(raw, strlen(raw))) {
		char *copy = xstrdup(raw);

		email = xstrdup(str_trim(copy));
		str_lower(email);
		free(copy);
	}
	if ((*wait = throttled(db, email, remote_addr)) != 0) {
		ret = *wait < 0 ? DOM_DOWN : DOM_THROTTLED;
		goto out;
	}
	/*
	 * The count above is read before the failures are written: parallel
	 * guesses all pass it.  So each guess also takes one of the address's
	 * THROTTLE_EMAIL attempts in one atomic step before anything is hashed;
	 * a success gives them back.
	 */
	/* only a real address has a counter: anything else cannot sign in anyway */
	if (email != NULL && email_valid(email)) {
		key = xasprintf("login:%s", email);
		if ((*wait = attempt_take(db, key, THROTTLE_EMAIL, THROTTLE_WINDOW)) != 0) {
			ret = *wait < 0 ? DOM_DOWN : DOM_THROTTLED;
			goto out;
		}
	}
	if (email != NULL && email_valid(email) && pw != NULL) {
		if (db_query(db, STMT_USER_BY_EMAIL, &res, "s", email) != DB_OK) {
			ret = DOM_DOWN;
			goto out;
		}
		if (res->nrows == 1)
			ok = password_verify(pw, dbres_get(res, 0, "password_hash"));
		else
			(void)password_verify(pw, dummy_hash());
	}
	if (!ok) {
		(void)db_exec(db, STMT_LOGIN_FAIL_ADD, NULL, NULL, "ss",
		    email != NULL ? email : "", remote_addr);
		klog("sign-in failed for %s from %s", email != NULL && email_valid(email) ?
		    email : "(invalid address)", remote_addr);
		ret = DOM_INVALID;
		goto out;
	}
	if (dbres_int(res, 0, "blocked")) {
		ret = DOM_FORBIDDEN;
		goto out;
	}
	(void)db_exec(db, STMT_LOGIN_FAIL_CLEAR, NULL, NULL, "s", email);
	(void)db_exec(db, STMT_ATTEMPT_CLEAR, NULL, NULL, "s", key);
	*u = res;
	res = NULL;
	ret = DOM_OK;
out:
	dbres_free(res);
	free(email);
	free(key);
	return ret;
}

/* ---- password reset ---------------------------------------------------- */

/* At most 3 links in 15 minutes, silently: the answer stays the same. */
enum dom_rc
acct_forgot(struct app *app, const char *email, enum lang fallback)
{
	struct dbres	*res = NULL, *recent = NULL;
	char		*tok = NULL;
	enum dom_rc	 ret = DOM_OK;
	enum db_rc	 rc;
	int64_t		 uid;

	if ((rc = db_query(app->db, STMT_USER_BY_EMAIL, &res, "s", email)) != DB_OK) {
		ret = dom_from_db(rc);
		goto out;
	}
	if (res->nrows != 1 || dbres_int(res, 0, "blocked"))
		goto out;
	uid = dbres_int(res, 0, "id");
	rc = db_query(app->db, STMT_TOKEN_RECENT, &recent, "isi", uid, "reset", (int64_t)15);
	if (rc == DB_OK && dbres_int(recent, 0, "n") < 3 && (rc = db_begin(app->db)) == DB_OK) {
		/* only the newest link works: the earlier ones are spent */
		rc = db_exec(app->db, STMT_TOKEN_DEL_USER_KIND, NULL, NULL, "is", uid, "reset");
		if (rc == DB_OK)
			tok = token_new(app->db, uid, "reset", NULL, RESET_MINUTES, &rc);
		if (rc == DB_OK)
			rc = mail_reset(app, fallback, email, dbres_get(res, 0, "first_name"),
			    dbres_get(res, 0, "lang"), tok);
		if (rc == DB_OK)
			rc = db_commit(app->db);
		if (rc != DB_OK)
			db_rollback(app->db);
	}
	/* only a server that is gone shows: anything else looks like success */
	if (rc == DB_DOWN)
		ret = DOM_DOWN;
out:
	dbres_free(recent);
	dbres_free(res);
	free(tok);
	return ret;
}

enum dom_rc
acct_reset(struct db *db, const char *tok, const char *(*check)(void *, const char *),
    void *arg, int64_t *uid_out)
{
	unsigned char	 h[32];
	struct dbres	*u = NULL;
	const char	*pw;
	char		*hash = NULL;
	enum dom_rc	 ret;
	enum db_rc	 rc;
	int64_t		 uid;

	if ((rc = db_begin(db)) != DB_OK)
		return dom_from_db(rc);
	if ((uid = token_lookup(db, tok, "reset", h, &rc)) == 0) {
		ret = rc != DB_OK ? dom_from_db(rc) : DOM_NOT_FOUND;
		goto out;
	}
	rc = db_query(db, STMT_USER_BY_ID, &u, "i", uid);
	if (rc != DB_OK) {
		ret = dom_from_db(rc);
		goto out;
	}
	/* a deleted (anonymised) or blocked account: the link is simply not valid */
	if (u->nrows == 0 || dbres_get(u, 0, "email") == NULL || dbres_int(u, 0, "blocked")) {
		ret = DOM_NOT_FOUND;
		goto out;
	}
	if ((pw = check(arg, dbres_get(u, 0, "email"))) == NULL) {
		ret = DOM_INVALID;
		goto out;
	}
	if ((hash = password_hash(pw)) == NULL) {
		ret = DOM_ERR;
		goto out;
	}
	rc = db_exec(db, STMT_TOKEN_USE, NULL, NULL, "b", h, sizeof(h));
	if (rc == DB_OK)
		rc = db_exec(db, STMT_USER_SET_PASSWORD, NULL, NULL, "si", hash, uid);
	if (rc == DB_OK)
		rc = user_logout_everywhere(db, uid, 0);
	/* whoever could read the mail owns the address: it counts as verified */
	if (rc == DB_OK)
		rc = db_exec(db, STMT_USER_SET_VERIFIED, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		ret = dom_from_db(rc);
		goto out;
	}
	*uid_out = uid;
	ret = DOM_OK;
out:
	if (ret != DOM_OK)
		db_rollback(db);
	dbres_free(u);
	free(hash);
	return ret;
}

/* ---- the profile ------------------------------------------------------- */

enum dom_rc
acct_load(struct db *db, int64_t uid, struct dbres **u)
{
	enum db_rc rc;

	if ((rc = db_query(db, STMT_USER_BY_ID, u, "i", uid)) != DB_OK)
		return dom_from_db(rc);
	if ((*u)->nrows == 0) {
		dbres_free(*u);
		*u = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

enum dom_rc
acct_profile_save(struct app *app, int64_t uid, const char *old_email,
    const struct acct_profile *p)
{
	struct dbres	*other = NULL;
	char		*tok = NULL;
	const char	*lang = lang_codes[p->lang];
	enum db_rc	 rc;

	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_exec(app->db, STMT_USER_UPDATE_PROFILE, NULL, NULL, "ssisi",
		    p->first_name, p->last_name, (int64_t)p->age, lang, uid);
	if (rc == DB_OK && strcmp(p->email, old_email) != 0) {
		/*
		 * A new address takes effect once its owner confirms it.  If it
		 * belongs to another account we send nothing and say the same.
		 */
		rc = db_query(app->db, STMT_USER_BY_EMAIL, &other, "s", p->email);
		if (rc == DB_OK)
			rc = db_exec(app->db, STMT_USER_SET_PENDING_EMAIL, NULL, NULL, "si",
			    p->email, uid);
		/* a new request spends the links of earlier ones, whatever the address */
		if (rc == DB_OK)
			rc = db_exec(app->db, STMT_TOKEN_DEL_USER_KIND, NULL, NULL, "is", uid,
			    "email_change");
		if (rc == DB_OK && other->nrows == 0) {
			tok = token_new(app->db, uid, "email_change", p->email,
			    EMAIL_CHANGE_MINUTES, &rc);
			if (rc == DB_OK)
				rc = mail_email_change(app, p->lang, p->email, p->first_name,
				    lang, tok);
		}
		/* the address in use hears of it either way: it may not be its owner asking */
		if (rc == DB_OK && !p->standin)
			rc = mail_email_changing(app, p->lang, old_email, p->first_name, lang,
			    p->email);
	}
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK)
		db_rollback(app->db);
	dbres_free(other);
	free(tok);
	return rc == DB_OK ? DOM_OK : dom_from_db(rc);
}

/* Other sessions and API tokens end; keep_session stays signed in. */
enum dom_rc
acct_password_set(struct db *db, int64_t uid, int64_t keep_session, const char *pw)
{
	char		*hash;
	enum db_rc	 rc;

	if ((hash = password_hash(pw)) == NULL)
		return DOM_ERR;
	if ((rc = db_begin(db)) == DB_OK)
		rc = db_exec(db, STMT_USER_SET_PASSWORD, NULL, NULL, "si", hash, uid);
	if (rc == DB_OK)
		rc = user_logout_everywhere(db, uid, keep_session);
	if (rc == DB_OK)
		rc = db_commit(db);
	free(hash);
	if (rc != DB_OK) {
		db_rollback(db);
		return dom_from_db(rc);
	}
	return DOM_OK;
}

/*
 * Deletes by anonymising: the row stays so sold tickets stay countable,
 * but no name, address or password remains.
 */
enum dom_rc
acct_delete(struct app *app, const struct user *u, const char **reason)
{
	struct dbres	*admins = NULL;
	enum dom_rc	 ret;
	enum db_rc	 rc;

	*reason = NULL;
	rc = db_begin(app->db);
	if (rc == DB_OK && u->role == ROLE_ADMIN) {
		rc = db_query(app->db, STMT_ADMIN_COUNT, &admins, "");
		if (rc == DB_OK && dbres_int(admins, 0, "n") <= 1) {
			db_rollback(app->db);
			*reason = "last_admin";
			ret = DOM_CONFLICT;
			goto out;
		}
	}
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_USER_ANONYMISE, NULL, NULL, "i", u->id);
	if (rc == DB_OK)
		rc = user_logout_everywhere(app->db, u->id, 0);
	if (rc == DB_OK)
		rc = db_exec(app->db, STMT_TOKEN_DEL_USER_KIND, NULL, NULL, "is", u->id,
		    "email_change");
	if (rc == DB_OK)
		rc = cal_user_forget(app, u->id);	/* the feed, Google tokens */
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK) {
		db_rollback(app->db);
		ret = dom_from_db(rc);
		goto out;
	}
	klog("user %lld deleted their account (anonymised)", (long long)u->id);
	ret = DOM_OK;
out:
	dbres_free(admins);
	return ret;
}

/* ---- roles and blocks -------------------------------------------------- */

/*
 * Every change is recorded (who, whom, when) and the last admin cannot be
 * removed; the count is taken under a lock so two admins cannot demote
 * each other at the same moment.
 */
enum dom_rc
acct_admin_change(struct db *db, int64_t actor, int64_t id, const char *new_role,
    const char **reason)
{
	struct dbres	*u = NULL, *admins = NULL;
	const char	*old;
	enum dom_rc	 ret;
	enum db_rc	 rc;
	int		 demotes_admin;

	*reason = NULL;
	if (id == actor) {
		*reason = "cannot_block_self";
		return DOM_INVALID;
	}
	if ((rc = db_begin(db)) != DB_OK)
		return dom_from_db(rc);
	/* the admin count first, under lock, then the target */
	rc = db_query(db, STMT_ADMIN_COUNT, &admins, "");
	if (rc == DB_OK)
		rc = db_query(db, STMT_USER_BY_ID, &u, "i", id);
	if (rc != DB_OK || u->nrows == 0) {
		ret = rc == DB_OK ? DOM_NOT_FOUND : dom_from_db(rc);
		goto out;
	}
	old = dbres_get(u, 0, "role");
	demotes_admin = strcmp(old, "admin") == 0 && !dbres_int(u, 0, "blocked") &&
	    strcmp(new_role, "admin") != 0 && strcmp(new_role, "unblocked") != 0;
	if (demotes_admin && dbres_int(admins, 0, "n") <= 1) {
		*reason = "last_admin";
		ret = DOM_CONFLICT;
		goto out;
	}
	if (strcmp(new_role, "blocked") == 0 || strcmp(new_role, "unblocked") == 0) {
		int block = new_role[0] == 'b';

		rc = db_exec(db, STMT_USER_SET_BLOCKED, NULL, NULL, "ii", (int64_t)block, id);
		if (rc == DB_OK && block)
			rc = user_logout_everywhere(db, id, 0);
		if (rc == DB_OK)
			rc = db_exec(db, STMT_ROLE_LOG_ADD, NULL, NULL, "iiss", actor, id,
			    dbres_int(u, 0, "blocked") ? "blocked" : "unblocked", new_role);
	} else {
		rc = db_exec(db, STMT_USER_SET_ROLE, NULL, NULL, "si", new_role, id);
		if (rc == DB_OK)
			rc = db_exec(db, STMT_ROLE_LOG_ADD, NULL, NULL, "iiss", actor, id, old,
			    new_role);
	}
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		ret = dom_from_db(rc);
		goto out;
	}
	klog("admin %lld: user %lld %s", (long long)actor, (long long)id, new_role);
	ret = DOM_OK;
out:
	if (ret != DOM_OK)
		db_rollback(db);
	dbres_free(admins);
	dbres_free(u);
	return ret;
}

enum dom_rc
acct_search(struct db *db, const char *q, int64_t limit, int64_t offset, struct dbres **users)
{
	char		*like = q != NULL ? like_contains(q) : NULL;
	enum db_rc	 rc;

	rc = db_query(db, STMT_USER_SEARCH, users, "ssssii", like, like, like, like, limit,
	    offset);
	free(like);
	return rc == DB_OK ? DOM_OK : dom_from_db(rc);
}

enum dom_rc
acct_role_log(struct db *db, struct dbres **log)
{
	enum db_rc rc;

	if ((rc = db_query(db, STMT_ROLE_LOG_LIST, log, "")) != DB_OK)
		return dom_from_db(rc);
	return DOM_OK;
}

/* ---- API token pairs --------------------------------------------------- */

json_t *
acct_issue_tokens(struct app *app, int64_t uid, int64_t epoch, const char *family,
    enum db_rc *rc)
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
	access = jwt_sign(app->jwt_key, sizeof(app->jwt_key), c);
	json_decref(c);
	c = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}", "sub", sub, "iat", (json_int_t)now,
	    "exp", (json_int_t)(now + REFRESH_SECONDS), "typ", "refresh", "jti", jti,
	    "fam", fam);
	refresh = jwt_sign(app->jwt_key, sizeof(app->jwt_key), c);
	json_decref(c);
	if (access == NULL || refresh == NULL)
		goto out;
	sha256(jti, strlen(jti), h);
	*rc = db_exec(app->db, STMT_REFRESH_ADD, NULL, NULL, "bisi", h, sizeof(h), uid, fam,
	    (int64_t)REFRESH_SECONDS);
	if (*rc == DB_OK)
		out = json_pack("{s:s, s:s}", "access", access, "refresh", refresh);
out:
	free(fam);
	free(jti);
	free(access);
	free(refresh);
	return out;
}

/* The checked claims of a refresh token, or NULL with the reason. */
static json_t *
refresh_claims(struct app *app, const char *tok, int64_t *uid, const char **reason)
{
	const char	*why, *jti, *fam, *typ, *sub;
	json_t		*claims;

	claims = jwt_verify(app->jwt_key, sizeof(app->jwt_key), tok, time(NULL), &why);
	if (claims == NULL) {
		*reason = strcmp(why, "expired") == 0 ? "token_expired" : "token_invalid";
		return NULL;
	}
	typ = json_string_value(json_object_get(claims, "typ"));
	jti = json_string_value(json_object_get(claims, "jti"));
	fam = json_string_value(json_object_get(claims, "fam"));
	sub = json_string_value(json_object_get(claims, "sub"));
	if (typ == NULL || strcmp(typ, "refresh") != 0 || jti == NULL || fam == NULL ||
	    sub == NULL || parse_int64(sub, 1, INT64_MAX, uid) != 0) {
		json_decref(claims);
		*reason = "token_invalid";
		return NULL;
	}
	return claims;
}

/*
 * Ends the transaction over a spent refresh token: one already used has
 * leaked, so its whole family is revoked and the user's token epoch
 * raised, which ends every access token already issued.
 */
static void
refresh_spent(struct db *db, const struct dbres *res, const char *fam, int64_t uid)
{
	enum db_rc rc;

	if (!dbres_int(res, 0, "used")) {
		db_rollback(db);
		return;
	}
	klog("refresh token reused for user %lld: revoking its family", (long long)uid);
	rc = db_exec(db, STMT_REFRESH_REVOKE_FAMILY, NULL, NULL, "s", fam);
	/* the thief may hold an access token of that family too: a new epoch ends them all */
	if (rc == DB_OK)
		rc = db_exec(db, STMT_USER_BUMP_EPOCH, NULL, NULL, "i", uid);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
}

enum dom_rc
acct_refresh(struct app *app, const char *tok, json_t **pair, const char **reason)
{
	struct db	*db = app->db;
	const char	*jti, *fam;
	json_t		*claims, *out = NULL;
	struct dbres	*res = NULL, *u = NULL;
	unsigned char	 h[32];
	enum dom_rc	 ret;
	enum db_rc	 rc;
	int64_t		 uid;

	*pair = NULL;
	*reason = NULL;
	if ((claims = refresh_claims(app, tok, &uid, reason)) == NULL)
		return DOM_FORBIDDEN;
	jti = json_string_value(json_object_get(claims, "jti"));
	fam = json_string_value(json_object_get(claims, "fam"));
	sha256(jti, strlen(jti), h);
	if ((rc = db_begin(db)) != DB_OK) {
		ret = dom_from_db(rc);
		goto out;
	}
	rc = db_query(db, STMT_REFRESH_GET, &res, "b", h, sizeof(h));
	if (rc != DB_OK || res->nrows == 0 || dbres_int(res, 0, "user_id") != uid) {
		db_rollback(db);
		if (rc == DB_OK)
			*reason = "token_invalid";
		ret = rc == DB_OK ? DOM_FORBIDDEN : dom_from_db(rc);
		goto out;
	}
	if (dbres_int(res, 0, "used") || dbres_int(res, 0, "revoked") ||
	    dbres_int(res, 0, "expired")) {
		refresh_spent(db, res, fam, uid);
		*reason = "token_revoked";
		ret = DOM_FORBIDDEN;
		goto out;
	}
	rc = db_exec(db, STMT_REFRESH_USE, NULL, NULL, "b", h, sizeof(h));
	if (rc == DB_OK)
		rc = db_query(db, STMT_USER_BY_ID, &u, "i", uid);
	if (rc == DB_OK && (u->nrows == 0 || dbres_int(u, 0, "blocked"))) {
		db_rollback(db);
		*reason = "token_revoked";
		ret = DOM_FORBIDDEN;
		goto out;
	}
	if (rc == DB_OK)
		out = acct_issue_tokens(app, uid, dbres_int(u, 0, "token_epoch"), fam, &rc);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		if (out != NULL)
			json_decref(out);
		ret = dom_from_db(rc);
		goto out;
	}
	*pair = out;
	ret = DOM_OK;
out:
	dbres_free(res);
	dbres_free(u);
	json_decref(claims);
	return ret;
}
