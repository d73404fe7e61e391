/*
 * Turning reminders off and on: the one-click link of every reminder
 * (signed, no sign-in), its undo button, and the profile's checkbox.  The
 * reminders themselves and their keys are notify/notify.c's.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "lib/app.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/notify.h"
#include "pages/pages.h"

/* Turns reminders on or off for whoever `who` names; 0 or -1 (answered). */
static int
reminders_set(struct req *r, const char *who, int on)
{
	enum db_rc	 rc;
	int64_t		 uid = 0;

	if (who[0] == 'u' && parse_int64(who + 2, 1, INT64_MAX, &uid) != 0) {
		req_error(r, 404, NULL);
		return -1;
	}
	if ((rc = reminders_switch(r->app, uid, who + 2, on)) != DB_OK) {
		req_db_error(r, rc);
		return -1;
	}
	return 0;
}

/*
 * GET /reminders/off?k=: the one-click link in every reminder.  Turns them
 * off at once (no sign-in, no form: the signed key is the proof) and
 * shows a page with a button to turn them back on.  A bad key is 404.
 */
void
h_reminders_off(struct req *r)
{
	char *who = reminders_who(r->app, req_query(r, "k"));

	if (who == NULL) {
		req_error(r, 404, NULL);
		return;
	}
	if (reminders_set(r, who, 0) == 0) {
		klog("reminders off for %s", who[0] == 'u' ? who : "a guest");
		hdf_put(r->hdf, "Reminders.Key", req_query(r, "k"));
		hdf_put(r->hdf, "Reminders.On", "0");
		hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Cal.reminders_heading"));
		r->tpl = TPL_REMINDERS;
	}
	free(who);
}

/* POST /reminders/on (k, csrf): the undo button of that page. */
void
h_reminders_on(struct req *r)
{
	char *who = reminders_who(r->app, req_form(r, "k"));

	if (who == NULL) {
		req_error(r, 404, NULL);
		return;
	}
	if (reminders_set(r, who, 1) == 0) {
		hdf_put(r->hdf, "Reminders.Key", req_form(r, "k"));
		hdf_put(r->hdf, "Reminders.On", "1");
		hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Cal.reminders_heading"));
		r->tpl = TPL_REMINDERS;
	}
	free(who);
}

/* POST /account/reminders (reminders=1 or absent): the profile's checkbox. */
void
h_account_reminders(struct req *r)
{
	const char	*v = req_form(r, "reminders");
	int		 on = v != NULL && strcmp(v, "1") == 0;
	enum db_rc	 rc;

	/* R_USER: a signed-in user, so r->user.id > 0 */
	if ((rc = reminders_switch(r->app, r->user.id, NULL, on)) != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	req_flash(r, on ? "reminders_on" : "reminders_off");
	req_redirect(r, "/account#calendar");
}
