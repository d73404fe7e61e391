/*
 * The payment providers (the table below) and what every provider shares:
 * recording a refund and the job that asks the provider for it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/outbox.h"
#include "notify/pay.h"
#include "notify/queue.h"

/* "free": free events and pay at the door; nothing is charged or refunded. */
static const struct pay_driver pay_free = { .name = "free", .hosted = 0 };

/* One line per provider: a Kazakh one (kaspi, cloudpayments, halyk) goes here. */
static const struct pay_driver *const drivers[] = { &pay_free, &pay_test, &pay_stripe };

const struct pay_driver *
pay_provider_named(const char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (strcmp(drivers[i]->name, name) == 0)
			return drivers[i];
	return NULL;
}

const struct pay_driver *
pay_provider(HDF *conf)
{
	const char		*name = conf_str(conf, "Payments.Provider", "free");
	const struct pay_driver	*d = pay_provider_named(name);

	if (d == NULL) {
		klog("Payments.Provider %s is unknown; charging nothing", name);
		d = &pay_free;
	}
	return d;
}

void
pay_event_free(struct pay_event *ev)
{
	free(ev->id);
	free(ev->type);
	free(ev->session);
	free(ev->ref);
	free(ev->currency);
	memset(ev, 0, sizeof(*ev));
}

enum db_rc
pay_refund_queue(struct app *app, int64_t order_id, int64_t amount, const char *why)
{
	enum db_rc	 rc;
	uint64_t	 got = 0, pid = 0;
	json_t		*p;

	if (amount <= 0)
		return DB_OK;
	/*
	 * orders.refunded counts what was asked back: the conditional update
	 * never lets refunds pass what was charged, whoever cancels at once.
	 */
	rc = db_exec(app->db, STMT_PAY_REFUND_RESERVE, &got, NULL, "iii", amount, order_id, amount);
	if (rc != DB_OK || got == 0)
		return rc;
	rc = db_exec(app->db, STMT_PAY_REFUND_ADD, NULL, &pid, "isi", amount, why, order_id);
	if (rc != DB_OK)
		return rc;
	if ((p = json_pack("{s:I}", "payment", (json_int_t)pid)) == NULL)
		return DB_ERR;
	rc = job_add(app->db, JOB_PAY_REFUND, p, 0);
	json_decref(p);
	return rc;
}

enum db_rc
pay_refund_extra(struct app *app, int64_t order_id, const char *of_ref, int64_t amount,
    const char *why)
{
	enum db_rc	 rc;
	uint64_t	 pid = 0;
	json_t		*p;

	if (amount <= 0)
		return DB_OK;
	rc = db_exec(app->db, STMT_PAY_REFUND_ADD_REF, NULL, &pid, "issi", amount, why, of_ref,
	    order_id);
	if (rc != DB_OK)
		return rc;
	if ((p = json_pack("{s:I}", "payment", (json_int_t)pid)) == NULL)
		return DB_ERR;
	rc = job_add(app->db, JOB_PAY_REFUND, p, 0);
	json_decref(p);
	return rc;
}

/* The refund mail, in the buyer's language, queued in the caller's transaction. */
static enum db_rc
refund_mail(struct app *app, const struct dbres *p, const char *ref)
{
	HDF		*m = NULL;
	NEOERR		*err;
	char		 buf[64], *link;
	enum db_rc	 rc;
	int		 l = lang_parse(dbres_get(p, 0, "lang"));

	if ((err = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("refund mail", &err);
		return DB_ERR;
	}
	hdf_put(m, "Mail.Name", dbres_get(p, 0, "buyer_name"));
	hdf_put(m, "Mail.Event", dbres_get(p, 0, "event_name"));
	hdf_put(m, "Mail.Order", dbres_get(p, 0, "order_id"));
	format_money(dbres_int(p, 0, "amount"), buf, sizeof(buf));
	hdf_put(m, "Mail.Amount", buf);
	hdf_put(m, "Mail.Currency", dbres_get(p, 0, "currency"));
	hdf_put(m, "Mail.Provider", dbres_get(p, 0, "provider"));
	hdf_put(m, "Mail.Ref", ref);
	hdf_put(m, "Mail.PaymentRef", dbres_get(p, 0, "of_ref"));
	link = xasprintf("%s/cart/done?order=%s", conf_str(app->conf, "Site.BaseURL", ""),
	    dbres_get(p, 0, "order_id"));
	hdf_put(m, "Mail.Link", link);
	free(link);
	rc = mail_compose_queue(app, l < 0 ? LANG_EN : (enum lang)l, m, "refund",
	    "Lang.Mail.Refund.Subject", dbres_get(p, 0, "mail_to"));
	hdf_destroy(&m);
	return rc;
}

int
pay_refund_job(struct app *app, json_t *payload, char *err, size_t errlen)
{
	json_t			*pid = json_object_get(payload, "payment");
	struct dbres		*p = NULL;
	const struct pay_driver	*d;
	char			*ref = NULL, idem[64];
	enum db_rc		 rc;
	uint64_t		 got = 0;
	int			 ok = -1;

	if (!json_is_integer(pid)) {
		snprintf(err, errlen, "pay_refund job without payment");
		return -1;
	}
	if (db_query(app->db, STMT_PAY_REFUND_GET, &p, "i", (int64_t)json_integer_value(pid)) !=
	    DB_OK || p->nrows == 0) {
		snprintf(err, errlen, "refund %lld: not found", (long long)json_integer_value(pid));
		goto out;
	}
	if (strcmp(dbres_get(p, 0, "state"), "done") == 0) {
		ok = 0;
		goto out;
	}
	if ((d = pay_provider_named(dbres_get(p, 0, "provider"))) == NULL || d->refund == NULL ||
	    dbres_get(p, 0, "of_ref") == NULL) {
		snprintf(err, errlen, "refund %s: provider %s cannot refund", dbres_get(p, 0, "id"),
		    dbres_get(p, 0, "provider"));
		goto out;
	}
	/* one key per refund row: a retry after a lost answer gives back once */
	snprintf(idem, sizeof(idem), "kametay-refund-%s", dbres_get(p, 0, "id"));
	if (d->refund(app, dbres_get(p, 0, "of_ref"), dbres_int(p, 0, "amount"), idem, &ref, err,
	    errlen) != 0) {
		(void)db_exec(app->db, STMT_PAY_NOTE, NULL, NULL, "si", err, dbres_int(p, 0, "id"));
		goto out;
	}
	if ((rc = db_begin(app->db)) == DB_OK)
		rc = db_exec(app->db, STMT_PAY_REFUND_DONE, &got, NULL, "si", ref,
		    dbres_int(p, 0, "id"));
	if (rc == DB_OK && got == 1)
		rc = db_exec(app->db, STMT_PAY_ORDER_REFUNDED, NULL, NULL, "i",
		    dbres_int(p, 0, "order_id"));
	if (rc == DB_OK && got == 1)
		rc = refund_mail(app, p, ref);
	if (rc == DB_OK)
		rc = db_commit(app->db);
	if (rc != DB_OK) {
		db_rollback(app->db);
		snprintf(err, errlen, "refund %s: given back as %s but not recorded; retrying",
		    dbres_get(p, 0, "id"), ref);
		goto out;
	}
	klog("refund %s of order %s: %s", dbres_get(p, 0, "id"), dbres_get(p, 0, "order_id"), ref);
	ok = 0;
out:
	free(ref);
	dbres_free(p);
	return ok;
}
