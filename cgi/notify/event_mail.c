/*
 * The mails about an event as a whole: today its cancellation, sent to
 * every holder inside the transaction that voids the tickets.
 */
#include "config.h"

#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/event_mail.h"
#include "notify/outbox.h"

enum db_rc
mail_event_cancelled(struct app *app, const char *lang, const char *to,
    const char *buyer_name, const char *tickets, const char *event_name,
    const char *venue_name, time_t starts)
{
	HDF		*m = NULL;
	NEOERR		*err;
	char		 when[64];
	enum db_rc	 rc;
	int		 l = lang_parse(lang);

	if ((err = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("event_cancelled", &err);
		return DB_ERR;
	}
	format_local(starts, when, sizeof(when), "%d.%m.%Y %H:%M");
	hdf_put(m, "Mail.Name", buyer_name);
	hdf_put(m, "Mail.Event", event_name);
	hdf_put(m, "Mail.When", when);
	hdf_put(m, "Mail.Venue", venue_name);
	hdf_put(m, "Mail.Tickets", tickets);
	hdf_put(m, "Mail.Link", conf_str(app->conf, "Site.BaseURL", ""));
	rc = mail_compose_queue(app, l < 0 ? LANG_EN : (enum lang)l, m, "event_cancelled",
	    "Lang.Mail.EventCancelled.Subject", to);
	hdf_destroy(&m);
	return rc;
}
