/*
 * domain/accounts.c: accounts without HTTP — registration, the sign-in
 * check and its throttle, single-use tokens mailed as links, verification,
 * password reset and change, profile and email change, deletion, roles and
 * blocks, and the API's access/refresh token pairs.  Database failures
 * come back as DOM_DOWN (503) or DOM_ERR (500), as the pages answered them.
 */
#ifndef KT_DOMAIN_ACCOUNTS_H
#define KT_DOMAIN_ACCOUNTS_H

#include <stdint.h>

#include <jansson.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/render.h"

/*
 * A single-use token of `kind` for user_id; returns the link's raw token
 * (caller frees), only its hash is stored.
 */
char	*token_new(struct db *, int64_t user_id, const char *kind, const char *data,
	     int minutes, enum db_rc *rc);
/* The user id behind a live token of `kind`, locking it; 0 if none. */
int64_t	 token_lookup(struct db *, const char *tok, const char *kind, unsigned char h[32],
	     enum db_rc *rc);
/* Ends every session (but keep_session) and API token of a user. */
enum db_rc user_logout_everywhere(struct db *, int64_t uid, int64_t keep_session);

/* 1 when code is the organiser code of the configuration. */
int	 acct_organiser_code(struct app *, const char *code);

struct acct_new {
	const char	*first_name, *last_name, *email, *password, *role;
	const char	*remote_addr;	/* the client, for Limits.Register* */
	int		 age;
	enum lang	 lang;
	int		 standin;	/* a known address: keep a stand-in account (schema/060) */
};
/*
 * Registers; a known address answers the same (*id the next id too) and
 * its owner gets a mail instead.  With n->standin that id is a real
 * account without an address (it keeps the one typed as typed_email), to
 * be signed in exactly as a new account is: neither the answer nor the
 * session tells the two apart, and the owner's account is never touched.
 */
/*
 * DOM_THROTTLED (*wait seconds) past Limits.RegisterPerClient from one
 * client, checked before any hashing; DOM_BUSY when Limits.HashSlots
 * hashes already run on this host.
 */
enum dom_rc acct_register(struct app *, const struct acct_new *, int64_t *id, int64_t *wait);

/*
 * Uses a verify or email_change token.  DOM_OK done (*uid its account),
 * DOM_NOT_FOUND unknown or spent, DOM_INVALID not a token at all (*kind
 * NULL).
 */
enum dom_rc acct_verify(struct db *, const char *tok, const char **kind, int64_t *uid);
/* A new verification mail; DOM_THROTTLED "resend_wait" within 5 minutes. */
enum dom_rc acct_resend_verify(struct app *, const struct user *, enum lang, const char **reason);

/*
 * Checks an address/password pair (raw as typed) from remote_addr.  DOM_OK
 * with the user row in *u (caller frees), DOM_INVALID a wrong pair,
 * DOM_THROTTLED (*wait seconds), DOM_FORBIDDEN blocked, DOM_DOWN.
 */
enum dom_rc acct_login(struct db *, const char *email, const char *password,
	     const char *remote_addr, struct dbres **u, int64_t *wait);

/* Mails a reset link when the address has an account; silent otherwise. */
enum dom_rc acct_forgot(struct app *, const char *email, enum lang);
/*
 * Sets a new password with a reset token: DOM_NOT_FOUND no live token;
 * DOM_INVALID when check (given the account's address) gives no password.
 */
enum dom_rc acct_reset(struct db *, const char *tok,
	     const char *(*check)(void *arg, const char *email), void *arg, int64_t *uid);

/* The user's row (caller frees), DOM_NOT_FOUND when there is none. */
enum dom_rc acct_load(struct db *, int64_t uid, struct dbres **u);
struct acct_profile {
	const char	*first_name, *last_name, *email;
	int		 age;
	enum lang	 lang;
	int		 standin;	/* no address of its own (schema/060): the old one is not told */
};
/* Saves a profile; a new address waits for its owner's confirmation. */
enum dom_rc acct_profile_save(struct app *, int64_t uid, const char *old_email,
	     const struct acct_profile *);
enum dom_rc acct_password_set(struct db *, int64_t uid, int64_t keep_session,
	     const char *password);
/* Anonymises the account; DOM_CONFLICT "last_admin". */
enum dom_rc acct_delete(struct app *, const struct user *, const char **reason);

/*
 * An admin's change to user id: new_role a role name, "blocked" or
 * "unblocked".  DOM_INVALID "cannot_block_self", DOM_NOT_FOUND,
 * DOM_CONFLICT "last_admin".
 */
enum dom_rc acct_admin_change(struct db *, int64_t actor, int64_t id, const char *new_role,
	     const char **reason);

/* Users whose name or address contains q (every user when NULL); caller frees. */
/* A page of users matching q (NULL: all), by id: `limit` from `offset`. */
enum dom_rc acct_search(struct db *, const char *q, int64_t limit, int64_t offset,
	     struct dbres **users);
/* The log of role and block changes; caller frees. */
enum dom_rc acct_role_log(struct db *, struct dbres **log);

/* A new access + refresh pair in `family` (a new one when NULL); NULL on failure. */
json_t	*acct_issue_tokens(struct app *, int64_t uid, int64_t epoch, const char *family,
	     enum db_rc *rc);
/*
 * Rotates a refresh token; a reused one revokes its family.  DOM_FORBIDDEN
 * with token_expired, token_invalid or token_revoked.
 */
enum dom_rc acct_refresh(struct app *, const char *tok, json_t **pair, const char **reason);

#endif
