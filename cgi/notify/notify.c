/*
 * Notifications about tickets: the "ticket cancelled" and "seat changed"
 * mails (queued in the transaction of the change, with the ticket's
 * updated .ics attached), and the reminder the day before an event, which
 * the job runner's sweep sends once per holder and event.  Reminders can
 * be turned off from the profile or with the signed one-click link in
 * every reminder, which needs no sign-in (pages/reminder_pages.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/conf.h"
#include "lib/mail.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/outbox.h"
#include "notify/notify.h"

/* ---- ticket changed ---------------------------------------------------- */

static enum lang
row_lang(const struct dbres *res, size_t i)
{
	int l = lang_parse(dbres_get(res, i, "lang"));

	return l < 0 ? LANG_EN : (enum lang)l;
}

/* The mail fields every ticket mail shares, from a CAL_TICKET row. */
static void
ticket_mail_fields(struct app *app, HDF *m, const struct dbres *t, size_t i, enum lang lang)
{
	char	 when[64], grouped[32], *s;

	format_local(db_time_parse(dbres_get(t, i, "starts_at")), when, sizeof(when),
	    "%d.%m.%Y %H:%M");
	hdf_put(m, "Mail.Name", dbres_get(t, i, "name"));
	hdf_put(m, "Mail.Event", dbres_get(t, i, "event_name"));
	hdf_put(m, "Mail.When", when);
	s = cal_location(t, i);
	hdf_put(m, "Mail.Venue", s);
	free(s);
	ticket_code_group(dbres_get(t, i, "code"), grouped, sizeof(grouped));
	hdf_put(m, "Mail.Code", grouped);
	if ((s = cal_seat(app, lang, t, i)) != NULL) {
		hdf_put(m, "Mail.Seat", s);
		free(s);
	}
}

/*
 * After a ticket was cancelled by its holder or moved to another seat,
 * inside the caller's transaction: the calendar SEQUENCE goes up, Google
 * Calendar sync is queued, and the holder gets a mail in their language
 * with the ticket's new .ics attached (STATUS:CANCELLED for a cancel).
 */
enum db_rc
notify_ticket(struct app *app, int64_t ticket_id, enum ticket_change what)
{
	struct dbres	*t = NULL;
	struct mail_part att;
	HDF		*m = NULL;
	NEOERR		*nerr;
	enum db_rc	 rc;
	enum lang	 lang;
	char		*link, *ics = NULL, fname[48];
	size_t		 len = 0;
	const char	*base = conf_str(app->conf, "Site.BaseURL", "");

	memset(&att, 0, sizeof(att));
	if ((rc = cal_ticket_changed(app, ticket_id)) != DB_OK)
		goto out;
	if ((rc = db_query(app->db, STMT_CAL_TICKET, &t, "i", ticket_id)) != DB_OK)
		goto out;
	rc = DB_ERR;
	if (t->nrows == 0)
		goto out;
	if ((nerr = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("ticket mail", &nerr);
		goto out;
	}
	lang = row_lang(t, 0);
	dbres_localise_row(t, 0, lang_codes[lang]);	/* the holder's, not the page's */
	ticket_mail_fields(app, m, t, 0, lang);
	link = what == TC_CANCELLED ?
	    xasprintf("%s/events/%s", base, dbres_get(t, 0, "event_id")) :
	    xasprintf("%s/tickets/%s", base, dbres_get(t, 0, "code"));
	hdf_put(m, "Mail.Link", link);
	free(link);
	memset(&att, 0, sizeof(att));
	if ((ics = cal_ics_ticket(app, lang, ticket_id, &len)) != NULL) {
		snprintf(fname, sizeof(fname), "ticket-%s.ics", dbres_get(t, 0, "code"));
		att.filename = fname;
		att.ctype = "text/calendar; charset=utf-8; method=PUBLISH";
		att.data = (const unsigned char *)ics;
		att.len = len;
	}
	rc = mail_compose_queue_att(app, lang, m,
	    what == TC_CANCELLED ? "ticket_cancelled" : "seat_changed",
	    what == TC_CANCELLED ? "Lang.Mail.TicketCancelled.Subject" :
	    "Lang.Mail.SeatChanged.Subject", dbres_get(t, 0, "email"), &att, ics ? 1 : 0);
out:
	free(ics);
	hdf_destroy(&m);
	dbres_free(t);
	return rc;
}

/* ---- reminders --------------------------------------------------------- */

/*
 * The one-click "no more reminders" key: who ("u:<id>", or "e:<address>"
 * for a guest) and an HMAC of it, base64url.  It never expires: an old
 * reminder's link should still work.
 */
static char *
optout_key(struct app *app, const char *who)
{
	unsigned char	 mac[32];
	char		*msg = xasprintf("kametay-reminders-off:%s", who), *w, *m, *out;

	hmac_sha256(app->secret, sizeof(app->secret), msg, strlen(msg), mac);
	free(msg);
	w = b64url_encode((const unsigned char *)who, strlen(who));
	m = b64url_encode(mac, sizeof(mac));
	out = xasprintf("%s.%s", w ? w : "", m ? m : "");
	free(w);
	free(m);
	return out;
}

/* Who a key names ("u:<id>" / "e:<address>"), or NULL if it is not ours; caller frees. */
char *
reminders_who(struct app *app, const char *key)
{
	const char	*dot;
	unsigned char	*who = NULL;
	size_t		 len;
	char		*w, *want;

	if (key == NULL || (dot = strchr(key, '.')) == NULL ||
	    b64url_decode(key, (size_t)(dot - key), &who, &len) != 0)
		return NULL;
	w = strndup((const char *)who, len);
	free(who);
	if (w == NULL || strlen(w) != len || len < 3 || w[1] != ':' ||
	    (w[0] != 'u' && w[0] != 'e')) {
		free(w);
		return NULL;
	}
	want = optout_key(app, w);
	if (strlen(want) != strlen(key) || !ct_equal(want, key, strlen(key))) {
		free(w);
		w = NULL;
	}
	free(want);
	return w;
}

/*
 * Mails one holder about their tickets in rows [from, to) of a
 * STMT_REMIND_DUE result (one event, one address), after claiming each
 * ticket; a ticket another runner claimed first is left out.
 */
static enum db_rc
remind_one(struct app *app, const struct dbres *d, size_t from, size_t to)
{
	HDF		*m = NULL;
	NEOERR		*nerr;
	enum lang	 lang = row_lang(d, from);
	enum db_rc	 rc = DB_OK;
	uint64_t	 got;
	size_t		 i, n = 0;
	char		 key[64], grouped[32], *s, *who;
	const char	*base = conf_str(app->conf, "Site.BaseURL", "");

	if ((nerr = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("reminder", &nerr);
		return DB_ERR;
	}
	for (i = from; rc == DB_OK && i < to; i++) {
		got = 0;
		rc = db_exec(app->db, STMT_REMIND_CLAIM, &got, NULL, "i", dbres_int(d, i, "id"));
		if (rc != DB_OK || got == 0)
			continue;
		ticket_code_group(dbres_get(d, i, "code"), grouped, sizeof(grouped));
		snprintf(key, sizeof(key), "Mail.Tickets.%zu.Code", n);
		hdf_put(m, key, grouped);
		snprintf(key, sizeof(key), "Mail.Tickets.%zu.Link", n);
		s = xasprintf("%s/tickets/%s", base, dbres_get(d, i, "code"));
		hdf_put(m, key, s);
		free(s);
		if ((s = cal_seat(app, lang, d, i)) != NULL) {
			snprintf(key, sizeof(key), "Mail.Tickets.%zu.Seat", n);
			hdf_put(m, key, s);
			free(s);
		}
		n++;
	}
	if (rc == DB_OK && n > 0) {
		ticket_mail_fields(app, m, d, from, lang);
		s = xasprintf("%s/events/%s", base, dbres_get(d, from, "event_id"));
		hdf_put(m, "Mail.Link", s);
		free(s);
		who = dbres_get(d, from, "user_id") != NULL ?
		    xasprintf("u:%s", dbres_get(d, from, "user_id")) :
		    xasprintf("e:%s", dbres_get(d, from, "email"));
		s = optout_key(app, who);
		free(who);
		who = xasprintf("%s/reminders/off?k=%s", base, s);
		free(s);
		hdf_put(m, "Mail.OffLink", who);
		free(who);
		rc = mail_compose_queue(app, lang, m, "reminder", "Lang.Mail.Reminder.Subject",
		    dbres_get(d, from, "email"));
	}
	hdf_destroy(&m);
	return rc;
}

/*
 * The job runner's sweep: one reminder per holder and event for tickets
 * of events that start within Reminders.Hours (24), bought before that
 * window opened (who buys an hour before has the confirmation fresh in
 * their inbox).  Each holder's mails are queued in a transaction with the
 * claim of their tickets, so a reminder goes out once even with several
 * runners.
 */
void
reminders_sweep(struct app *app)
{
	struct dbres	*d = NULL;
	enum db_rc	 rc;
	size_t		 i, j, sent = 0;
	int64_t		 hours = conf_int(app->conf, "Reminders.Hours", 24);

	if (hours <= 0)
		return;
	if (db_query(app->db, STMT_REMIND_DUE, &d, "ii", hours, hours) != DB_OK)
		return;
	/* each holder reads the event in their own language */
	for (i = 0; i < d->nrows; i++)
		if (dbres_get(d, i, "lang") != NULL)
			dbres_localise_row(d, i, dbres_get(d, i, "lang"));
	for (i = 0; i < d->nrows; i = j) {
		/* the rows come by event and address: one group is one mail */
		for (j = i + 1; j < d->nrows &&
		    strcmp(dbres_get(d, j, "event_id"), dbres_get(d, i, "event_id")) == 0 &&
		    strcmp(dbres_get(d, j, "email"), dbres_get(d, i, "email")) == 0; j++)
			;
		if ((rc = db_begin(app->db)) == DB_OK)
			rc = remind_one(app, d, i, j);
		if (rc == DB_OK)
			rc = db_commit(app->db);
		if (rc != DB_OK) {
			db_rollback(app->db);
			break;
		}
		sent++;
	}
	if (sent > 0)
		klog("reminders: %zu holders reminded", sent);
	dbres_free(d);
}

/*
 * Turns reminders on (on = 1) or off for a user (uid > 0) or, for a guest,
 * an address (the opt-out list).
 */
enum db_rc
reminders_switch(struct app *app, int64_t uid, const char *email, int on)
{
	if (uid > 0)
		return db_exec(app->db, STMT_CAL_REMINDERS_SET, NULL, NULL, "ii", (int64_t)on, uid);
	return db_exec(app->db, on ? STMT_CAL_OPTOUT_DEL : STMT_CAL_OPTOUT_ADD, NULL, NULL,
	    "s", email);
}
