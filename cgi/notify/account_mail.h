/*
 * notify/account_mail.c: the mails about an account — the address check
 * after registration, the password reset, the new address, and the note
 * that someone tried to register with a known address.
 */
#ifndef KT_NOTIFY_ACCOUNT_MAIL_H
#define KT_NOTIFY_ACCOUNT_MAIL_H

#include "db/db.h"
#include "lib/app.h"
#include "lib/render.h"

/*
 * Renders and queues one account mail (templates verify, reset,
 * email_change, register_exists) in `lang`, or `fallback` when that is no
 * language of ours, with a link to path?token=tok (no token when NULL).
 */
enum db_rc account_mail(struct app *, enum lang fallback, const char *tpl,
	     const char *subject_key, const char *to, const char *name, const char *lang,
	     const char *path, const char *tok);

enum db_rc mail_verify(struct app *, enum lang fallback, const char *to, const char *name,
	     const char *lang, const char *tok);
enum db_rc mail_reset(struct app *, enum lang fallback, const char *to, const char *name,
	     const char *lang, const char *tok);
enum db_rc mail_email_change(struct app *, enum lang fallback, const char *to,
	     const char *name, const char *lang, const char *tok);
/* To the old address of an email change: the new one, and how to stop it. */
enum db_rc mail_email_changing(struct app *, enum lang fallback, const char *to,
    const char *name, const char *lang, const char *new_email);
enum db_rc mail_register_exists(struct app *, enum lang fallback, const char *to,
	     const char *name, const char *lang);

#endif
