/*
 * Mail out: a message composed from templates/mail/<base>.{txt,html}.cs in
 * the recipient's language, built by lib/mail.c and queued as a job in the
 * caller's transaction; the job runner sends it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/conf.h"
#include "lib/mail.h"
#include "lib/util.h"
#include "notify/outbox.h"
#include "notify/queue.h"

enum db_rc
mail_queue(struct db *db, const char *to, const char *message)
{
	json_t		*p;
	enum db_rc	 rc;

	p = json_pack("{s:s, s:s}", "to", to, "message", message);
	if (p == NULL)
		return DB_ERR;
	rc = job_add(db, JOB_MAIL, p, 0);
	json_decref(p);
	return rc;
}

/*
 * Renders templates/mail/<base>.txt.cs and .html.cs in `lang` with the
 * data in `hdf` (the caller's; Config is set on it), and queues the mail.
 * subject_key is a Lang key.  Runs inside the caller's transaction.
 */
enum db_rc
mail_compose_queue(struct app *app, enum lang lang, HDF *hdf, const char *base,
    const char *subject_key, const char *to)
{
	return mail_compose_queue_att(app, lang, hdf, base, subject_key, to, NULL, 0);
}

/*
 * Renders the message (see mail_compose_queue) and returns it, the
 * caller's to free, or NULL after logging why.
 */
char *
mail_compose(struct app *app, enum lang lang, HDF *hdf, const char *base,
    const char *subject_key, const char *to, const struct mail_part *att, size_t natt)
{
	STRING		 text, html;
	NEOERR		*err;
	char		*file, *msg = NULL, *domain;
	const char	*subject = site_str(app, lang, subject_key);
	const char	*from = conf_str(app->conf, "SMTP.From", "Kametay <noreply@kametay.test>");

	string_init(&text);
	string_init(&html);
	hdf_put(hdf, "Mail.Lang", lang_codes[lang]);
	file = xasprintf("mail/%s.txt.cs", base);
	err = render_template(app, lang, hdf, file, &text);
	free(file);
	if (err == STATUS_OK) {
		file = xasprintf("mail/%s.html.cs", base);
		err = render_template(app, lang, hdf, file, &html);
		free(file);
	}
	if (err != STATUS_OK) {
		klog_nerr(base, &err);
	} else {
		const char *at = strrchr(from, '@');

		domain = xstrdup(at != NULL ? at + 1 : "kametay.test");
		domain[strcspn(domain, ">")] = '\0';
		msg = mail_build(from, to, subject ? subject : "Kametay",
		    text.buf ? text.buf : "", html.buf ? html.buf : "", att, natt, domain);
		free(domain);
	}
	string_clear(&text);
	string_clear(&html);
	return msg;
}

enum db_rc
mail_compose_queue_att(struct app *app, enum lang lang, HDF *hdf, const char *base,
    const char *subject_key, const char *to, const struct mail_part *att, size_t natt)
{
	char		*msg;
	enum db_rc	 rc;

	if ((msg = mail_compose(app, lang, hdf, base, subject_key, to, att, natt)) == NULL)
		return DB_ERR;
	rc = mail_queue(app->db, to, msg);
	free(msg);
	return rc;
}
