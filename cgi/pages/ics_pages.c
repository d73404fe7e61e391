/*
 * The calendar downloads: the .ics of an event and of a ticket, the
 * personal feed a calendar subscribes to and a new link to it.  What the
 * files hold is notify/calendar.c's; the links on other pages are
 * pages/cal_links.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/notify.h"
#include "pages/pages.h"

/* ---- downloads --------------------------------------------------------- */

static void
answer_ics(struct req *r, char *ics, size_t len, const char *filename)
{
	char *cd = xasprintf("attachment; filename=\"%s\"", filename);

	r->status = 200;
	r->raw = ics;
	r->rawlen = len;
	r->raw_type = "text/calendar; charset=utf-8";
	req_header(r, "Content-Disposition", cd);
	free(cd);
}

/* GET /events/{id}.ics: public, for published, cancelled and past events. 404/503. */
void
h_event_ics(struct req *r)
{
	struct dbres	*ev = NULL;
	enum db_rc	 rc;
	char		*ics, fname[48];
	size_t		 len = 0;

	rc = db_query(r->app->db, STMT_CAL_EVENT, &ev, "i", req_param_id(r, 0));
	if (rc != DB_OK) {
		req_db_error(r, rc);
		goto out;
	}
	if (ev->nrows == 0) {
		req_error(r, 404, NULL);
		goto out;
	}
	ics = cal_ics_event(r->app, ev, &len);
	snprintf(fname, sizeof(fname), "event-%s.ics", dbres_get(ev, 0, "id"));
	answer_ics(r, ics, len, fname);
out:
	dbres_free(ev);
}

/*
 * GET /tickets/{code}.ics: for the ticket's holder (the ticket page's rule:
 * signed in, or the guest whose signed cookie names the buyer); anyone
 * else gets 404, as for the page.
 */
void
h_ticket_ics(struct req *r)
{
	struct dbres	*t;
	char		*ics, fname[48];
	size_t		 len = 0;
	int		 who = 0;

	if ((t = page_ticket(r, &who)) == NULL)
		return;
	if (who != 2) {
		req_error(r, 404, NULL);
		goto out;
	}
	if ((ics = cal_ics_ticket(r->app, r->lang, dbres_int(t, 0, "id"), &len)) == NULL) {
		req_error(r, 500, NULL);
		goto out;
	}
	snprintf(fname, sizeof(fname), "ticket-%s.ics", dbres_get(t, 0, "code"));
	answer_ics(r, ics, len, fname);
out:
	dbres_free(t);
}

/* ---- the personal feed ------------------------------------------------- */

/*
 * GET /calendar/{token}.ics: every ticket of the token's owner (cancelled
 * ones with STATUS:CANCELLED), for a calendar to subscribe to.  No session:
 * the unguessable token is the key.  404 for an unknown or revoked token.
 */
void
h_calendar_feed(struct req *r)
{
	struct dbres	*u = NULL, *res = NULL;
	unsigned char	 h[32];
	enum db_rc	 rc;
	char		*ics, *name;
	const char	*word;
	size_t		 len = 0;
	int		 l;
	enum lang	 lang;

	sha256(r->params[0], strlen(r->params[0]), h);
	rc = db_query(r->app->db, STMT_CAL_FEED_USER, &u, "b", h, sizeof(h));
	if (rc == DB_OK && u->nrows == 1)
		rc = db_query(r->app->db, STMT_CAL_FEED, &res, "i", dbres_int(u, 0, "id"));
	if (rc != DB_OK) {
		req_db_error(r, rc);
		goto out;
	}
	if (u->nrows != 1) {
		req_error(r, 404, NULL);
		goto out;
	}
	l = lang_parse(dbres_get(u, 0, "lang"));
	lang = l < 0 ? LANG_EN : (enum lang)l;
	word = site_str(r->app, lang, "Lang.Cal.feed_name");
	name = xasprintf("%s — %s", conf_str(r->app->conf, "Site.Name", "Kametay"),
	    word ? word : "tickets");
	ics = cal_ics_tickets(r->app, lang, res, name, &len);
	free(name);
	answer_ics(r, ics, len, "kametay.ics");
out:
	dbres_free(res);
	dbres_free(u);
}

/*
 * POST /account/calendar: a new feed link (the first one, or one that
 * replaces a link the user wants to stop working).  Redirects to /account.
 */
void
h_account_calendar(struct req *r)
{
	unsigned char	 nonce[16], h[32];
	char		 hex[33], *tok;
	enum db_rc	 rc;

	if (rand_bytes(nonce, sizeof(nonce)) != 0) {
		req_error(r, 500, NULL);
		return;
	}
	hex_encode(nonce, sizeof(nonce), hex);
	if ((tok = cal_feed_token(r->app, r->user.id, hex)) == NULL) {
		req_error(r, 500, NULL);
		return;
	}
	sha256(tok, strlen(tok), h);
	free(tok);
	rc = db_exec(r->app->db, STMT_CAL_FEED_SET, NULL, NULL, "sbi", hex, h, sizeof(h),
	    r->user.id);
	if (rc != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	req_flash(r, "calendar_link_new");
	req_redirect(r, "/account#calendar");
}
