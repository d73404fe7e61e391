/*
 * Alerts to organisers, composed and queued here for the job runner's
 * sweep.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/notify.h"
#include "notify/outbox.h"

/* The alert to organiser j of `org` about event i of `ev` (STMT_NEAR_CAPACITY_DUE). */
static enum db_rc
alert_mail(struct app *app, const struct dbres *ev, size_t i, const struct dbres *org, size_t j)
{
	HDF		*m = NULL;
	NEOERR		*nerr;
	enum db_rc	 rc;
	char		 buf[32], *link;
	int		 l = lang_parse(dbres_get(org, j, "lang"));

	if ((nerr = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("near-capacity mail", &nerr);
		return DB_ERR;
	}
	link = xasprintf("%s/organiser/events/%lld", conf_str(app->conf, "Site.BaseURL", ""),
	    (long long)dbres_int(ev, i, "id"));
	hdf_put(m, "Mail.Name", dbres_get(org, j, "first_name"));
	hdf_put(m, "Mail.Event", dbres_get(ev, i, "name"));
	hdf_put(m, "Mail.Sold", dbres_get(ev, i, "sold"));
	hdf_put(m, "Mail.Capacity", dbres_get(ev, i, "capacity"));
	snprintf(buf, sizeof(buf), "%lld",
	    (long long)(dbres_int(ev, i, "sold") * 100 / dbres_int(ev, i, "capacity")));
	hdf_put(m, "Mail.Percent", buf);
	hdf_put(m, "Mail.Link", link);
	rc = mail_compose_queue(app, l < 0 ? LANG_EN : (enum lang)l, m, "near_capacity",
	    "Lang.Mail.NearCapacity.Subject", dbres_get(org, j, "email"));
	free(link);
	hdf_destroy(&m);
	return rc;
}

/*
 * Near-capacity alerts: events whose sales reached Events.AlertPercent of
 * capacity get one mail to each organiser.  Runs in the job runner rather
 * than in the purchase so a sale never waits for it; the flag is set in
 * the same transaction as the mails are queued, so each event alerts once.
 */
void
alerts_near_capacity(struct app *app)
{
	struct db	*db = app->db;
	struct dbres	*ev = NULL, *org = NULL;
	enum db_rc	 rc;
	size_t		 i, j;

	if (db_begin(db) != DB_OK)
		return;
	rc = db_query(db, STMT_NEAR_CAPACITY_DUE, &ev, "i",
	    (int64_t)conf_int(app->conf, "Events.AlertPercent", 95));
	for (i = 0; rc == DB_OK && i < ev->nrows; i++) {
		int64_t id = dbres_int(ev, i, "id");

		rc = db_query(db, STMT_EVENT_ORGANISERS, &org, "ii", id, id);
		for (j = 0; rc == DB_OK && j < org->nrows; j++)
			rc = alert_mail(app, ev, i, org, j);
		dbres_free(org);
		org = NULL;
		if (rc == DB_OK)
			rc = db_exec(db, STMT_NEAR_CAPACITY_MARK, NULL, NULL, "i", id);
		if (rc == DB_OK)
			klog("event %lld is near capacity: organisers mailed", (long long)id);
	}
	dbres_free(ev);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
}
