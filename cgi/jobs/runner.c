/*
 * kametay-jobs: runs the slow work (mail, Google Calendar calls, hold
 * expiry, reminders) outside page requests.
 *
 * A job is claimed with SELECT ... FOR UPDATE SKIP LOCKED and a lease, so
 * several runners can share the table and a runner that is killed holds
 * nothing: its job is picked up again when the lease runs out.  A failed
 * job is retried with exponential back-off and marked dead after its
 * max_tries.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/app.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/payments.h"
#include "domain/tickets.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/mail.h"
#include "lib/util.h"
#include "notify/buyer_mail.h"
#include "notify/notify.h"
#include "notify/pay.h"
#include "notify/queue.h"

static volatile sig_atomic_t stop, reload;

static void
on_term(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		stop = 1;
}

/* 0 on success; else fills err. */
static int
run_mail(HDF *conf, json_t *payload, char *err, size_t errlen)
{
	const char *to = json_string_value(json_object_get(payload, "to"));
	const char *msg = json_string_value(json_object_get(payload, "message"));

	if (to == NULL || msg == NULL) {
		snprintf(err, errlen, "mail job without to/message");
		return -1;
	}
	return mail_send(conf, to, msg, err, errlen);
}

/*
 * A purchase's confirmation ({"order_id": N}): composed on its first try
 * from the database (buyer_mail.c) and kept in the job, which becomes a
 * plain mail job before anything is sent.  A failed send, or a runner
 * killed between composing and sending, leaves that message for the next
 * try, so the buyer gets the very same bytes once.  0 sent, -1 failed
 * (err filled), 1 the lease is another runner's now: leave the job alone.
 */
static int
run_order_mail(struct app *app, int64_t id, int64_t tries, json_t *payload, char *err,
    size_t errlen)
{
	json_t		*order = json_object_get(payload, "order_id"), *kept = NULL;
	char		*to = NULL, *msg = NULL;
	int		 ok = -1, stored = 0;

	if (!json_is_integer(order)) {
		snprintf(err, errlen, "order_mail job without order_id");
		return -1;
	}
	if (buyer_mail_order(app, (int64_t)json_integer_value(order),
	    json_string_value(json_object_get(payload, "guest_key")), &to, &msg) != DB_OK) {
		snprintf(err, errlen, "order %lld: the mail could not be composed",
		    (long long)json_integer_value(order));
		goto out;
	}
	kept = json_pack("{s:O, s:s, s:s}", "order_id", order, "to", to, "message", msg);
	if (kept == NULL || job_keep_composed(app->db, id, tries,
	    conf_int(app->conf, "Jobs.LeaseSeconds", 120), JOB_MAIL, kept, &stored) != DB_OK) {
		snprintf(err, errlen, "order %lld: the composed mail could not be kept",
		    (long long)json_integer_value(order));
		goto out;
	}
	if (!stored) {
		ok = 1;
		goto out;
	}
	ok = mail_send(app->conf, to, msg, err, errlen);
out:
	json_decref(kept);
	free(to);
	free(msg);
	return ok;
}

/* Back-off: 5 s, 10 s, 20 s ... capped at an hour. */
static int64_t
backoff(int64_t tries, int base)
{
	int64_t	 d = base;

	while (--tries > 0 && d < 3600)
		d *= 2;
	return d > 3600 ? 3600 : d;
}

/* Claims and runs one job; 1 if one ran, 0 if none was due, -1 on db trouble. */
static int
run_one(struct app *app)
{
	HDF		*conf = app->conf;
	struct db	*db = app->db;
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	int64_t		 id, tries;
	const char	*kind;
	json_t		*payload;
	json_error_t	 jerr;
	char		 err[512] = "";
	int		 ok = -1;
	int		 lease = conf_int(conf, "Jobs.LeaseSeconds", 120);

	if ((rc = db_begin(db)) != DB_OK)
		return -1;
	rc = db_query(db, STMT_JOB_PICK, &res, "");
	if (rc != DB_OK || res->nrows == 0) {
		db_rollback(db);
		dbres_free(res);
		return rc == DB_OK ? 0 : -1;
	}
	id = dbres_int(res, 0, "id");
	if (db_exec(db, STMT_JOB_LEASE, NULL, NULL, "ii", (int64_t)lease, id) != DB_OK ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		dbres_free(res);
		return -1;
	}
	tries = dbres_int(res, 0, "tries") + 1;
	kind = dbres_get(res, 0, "kind");
	payload = json_loads(dbres_get(res, 0, "payload"), 0, &jerr);
	if (payload == NULL)
		snprintf(err, sizeof(err), "payload is not JSON: %s", jerr.text);
	else if (strcmp(kind, job_kind_names[JOB_MAIL]) == 0)
		ok = run_mail(conf, payload, err, sizeof(err));
	else if (strcmp(kind, job_kind_names[JOB_GCAL_SYNC]) == 0)
		ok = gcal_job(app, payload, err, sizeof(err));	/* gcal.c */
	else if (strcmp(kind, job_kind_names[JOB_ORDER_MAIL]) == 0)
		ok = run_order_mail(app, id, tries, payload, err, sizeof(err));
	else if (strcmp(kind, job_kind_names[JOB_PAY_REFUND]) == 0)
		ok = pay_refund_job(app, payload, err, sizeof(err));	/* notify/pay.c */
	else if (strcmp(kind, job_kind_names[JOB_PAY_CHECK]) == 0)
		ok = pay_check_job(app, payload, err, sizeof(err));	/* domain/payments.c */
	else
		snprintf(err, sizeof(err), "unknown job kind %s", kind);
	if (ok == 1)
		klog("job %lld: its lease ran out while composing; another runner has it",
		    (long long)id);
	else if (ok == 0) {
		if (db_exec(db, STMT_JOB_DONE, NULL, NULL, "i", id) != DB_OK)
			klog("job %lld: done but not recorded; the lease will rerun it",
			    (long long)id);
	} else {
		klog("job %lld (%s) try %lld failed: %s", (long long)id, kind,
		    (long long)tries, err);
		if (payload == NULL)
			(void)db_exec(db, STMT_JOB_DEAD, NULL, NULL, "si", err, id);
		else
			(void)db_exec(db, STMT_JOB_FAIL, NULL, NULL, "isi",
			    backoff(tries, conf_int(conf, "Jobs.BackoffSeconds", 5)), err, id);
	}
	if (payload != NULL)
		json_decref(payload);
	dbres_free(res);
	return 1;
}

int
main(int argc, char *argv[])
{
	const char	*cfgpath = NULL;
	HDF		*conf;
	struct app	 app;
	struct db	*db;
	time_t		 last_sweep = 0;
	int		 ch, once = 0, r;
	struct sigaction sa;

	while ((ch = getopt(argc, argv, "c:1")) != -1) {
		if (ch == 'c')
			cfgpath = optarg;
		else if (ch == '1')
			once = 1;
		else {
			fprintf(stderr, "usage: kametay-jobs -c CONFIG [-1]\n"
			    "  -1  run the due jobs once and exit\n");
			return 2;
		}
	}
	if (cfgpath == NULL) {
		fprintf(stderr, "usage: kametay-jobs -c CONFIG [-1]\n");
		return 2;
	}
	if ((conf = config_load(cfgpath)) == NULL)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* templates and strings too: some jobs compose mail */
	if (app_init(&app, conf) != 0) {
		app_free(&app);
		return 1;
	}
	db = app.db;
	klog("kametay-jobs: running");
	while (!stop) {
		if (reload) {
			/* like the pool: a new configuration, templates and strings */
			HDF		*n;
			struct app	 fresh;

			reload = 0;
			if ((n = config_load(cfgpath)) == NULL || app_init(&fresh, n) != 0) {
				klog("reload: configuration has errors; keeping the running one");
				if (n != NULL)
					app_free(&fresh);
			} else {
				app_free(&app);
				app = fresh;
				conf = app.conf;
				db = app.db;
				klog("kametay-jobs: reloaded");
			}
		}
		if (time(NULL) - last_sweep >= conf_int(conf, "Jobs.SweepSeconds", 5)) {
			holds_sweep(db);
			pay_expire_sweep(&app);		/* unpaid orders past their hold */
			waitlist_sweep(&app);
			alerts_near_capacity(&app);	/* notify/alerts.c */
			reminders_sweep(&app);		/* notify.c */
			last_sweep = time(NULL);
		}
		r = run_one(&app);
		if (r == 1)
			continue;
		if (once)
			break;
		/* nothing due, or the database is away: wait and look again */
		usleep((useconds_t)conf_int(conf, "Jobs.PollMs", 500) * 1000 * (r < 0 ? 4 : 1));
	}
	klog("kametay-jobs: stopped");
	app_free(&app);
	return 0;
}
