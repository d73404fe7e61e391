/*
 * The account mails: each a link back to the site, in the account's
 * language.
 */
#include "config.h"

#include <stdlib.h>

#include "db/db.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/account_mail.h"
#include "notify/outbox.h"

enum db_rc
account_mail(struct app *app, enum lang fallback, const char *tpl, const char *subject_key,
    const char *to, const char *name, const char *lang, const char *path, const char *tok)
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
	    xasprintf("%s%s?token=%s", conf_str(app->conf, "Site.BaseURL", ""), path, tok) :
	    xasprintf("%s%s", conf_str(app->conf, "Site.BaseURL", ""), path);
	hdf_put(h, "Mail.Name", name);
	hdf_put(h, "Mail.Link", link);
	hdf_put(h, "Mail.Site", conf_str(app->conf, "Site.BaseURL", ""));
	rc = mail_compose_queue(app, l < 0 ? fallback : (enum lang)l, h, tpl, subject_key, to);
	free(link);
	hdf_destroy(&h);
	return rc;
}

enum db_rc
mail_verify(struct app *app, enum lang fallback, const char *to, const char *name,
    const char *lang, const char *tok)
{
	return account_mail(app, fallback, "verify", "Lang.Mail.Verify.Subject", to, name,
	    lang, "/verify", tok);
}

enum db_rc
mail_reset(struct app *app, enum lang fallback, const char *to, const char *name,
    const char *lang, const char *tok)
{
	return account_mail(app, fallback, "reset", "Lang.Mail.Reset.Subject", to, name, lang,
	    "/password/reset", tok);
}

/* The new address confirms itself through /verify like a registration. */
enum db_rc
mail_email_change(struct app *app, enum lang fallback, const char *to, const char *name,
    const char *lang, const char *tok)
{
	return account_mail(app, fallback, "email_change", "Lang.Mail.EmailChange.Subject", to,
	    name, lang, "/verify", tok);
}

/*
 * To the address being replaced: what the new one is, and the way to stop
 * it (a new password; the reset also ends the session that asked).
 */
enum db_rc
mail_email_changing(struct app *app, enum lang fallback, const char *to, const char *name,
    const char *lang, const char *new_email)
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
	link = xasprintf("%s/password/forgot", conf_str(app->conf, "Site.BaseURL", ""));
	hdf_put(h, "Mail.Name", name);
	hdf_put(h, "Mail.Link", link);
	hdf_put(h, "Mail.NewEmail", new_email);
	hdf_put(h, "Mail.Site", conf_str(app->conf, "Site.BaseURL", ""));
	rc = mail_compose_queue(app, l < 0 ? fallback : (enum lang)l, h, "email_changing",
	    "Lang.Mail.EmailChanging.Subject", to);
	free(link);
	hdf_destroy(&h);
	return rc;
}

/* Only the owner reads it: the page answered as for a new address. */
enum db_rc
mail_register_exists(struct app *app, enum lang fallback, const char *to, const char *name,
    const char *lang)
{
	return account_mail(app, fallback, "register_exists", "Lang.Mail.RegisterExists.Subject",
	    to, name, lang, "/password/forgot", NULL);
}
