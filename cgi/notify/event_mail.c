/*
 * The mails about an event as a whole: its cancellation, sent to every
 * holder inside the transaction that voids the tickets, and the invitation
 * to its team.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

enum db_rc
mail_staff_invite(struct app *app, const char *lang, const char *to, const char *name,
    const char *event_name, time_t starts, const char *by, const char *role, int64_t event_id)
{
	HDF		*m = NULL;
	NEOERR		*err;
	char		 when[64], *link, *signup;
	const char	*base = conf_str(app->conf, "Site.BaseURL", "");
	enum db_rc	 rc;
	int		 l = lang_parse(lang);

	if ((err = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("staff_invite", &err);
		return DB_ERR;
	}
	format_local(starts, when, sizeof(when), "%d.%m.%Y %H:%M");
	/* door staff start at the door; sign-in leads there, an account comes first */
	link = xasprintf("%s/login?next=/organiser/events/%lld%s", base, (long long)event_id,
	    strcmp(role, "door") == 0 ? "/checkin" : "");
	signup = xasprintf("%s/register", base);
	if (name != NULL)
		hdf_put(m, "Mail.Name", name);
	hdf_put(m, "Mail.Event", event_name);
	hdf_put(m, "Mail.When", when);
	hdf_put(m, "Mail.By", by);
	hdf_put(m, "Mail.Role", role);
	hdf_put(m, "Mail.Address", to);
	hdf_put(m, "Mail.Link", link);
	hdf_put(m, "Mail.Register", signup);
	rc = mail_compose_queue(app, l < 0 ? LANG_EN : (enum lang)l, m, "staff_invite",
	    "Lang.Mail.StaffInvite.Subject", to);
	free(link);
	free(signup);
	hdf_destroy(&m);
	return rc;
}
