/*
 * Payments through a hosted provider (notify/pay.c's drivers).
 *
 * A pending order keeps its places as holds (orders.c pending_tx).  The
 * provider's checkout is created after that transaction committed; the
 * order is paid only by a signed webhook (or the reconciliation job asking
 * the provider), never by the buyer's return.  Each webhook event is
 * recorded in payment_events in the transaction that applies it, so a
 * repeat hits the unique key and changes nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/orders.h"
#include "domain/payments.h"
#include "domain/result.h"
#include "lib/conf.h"
#include "lib/util.h"
#include "notify/pay.h"
#include "notify/queue.h"

/*
 * One event in one transaction, retried on a deadlock.  A payment whose
 * places are gone is applied a second time with take 0: recorded and
 * refunded.  event_id NULL: the reconciliation job (nothing to record).
 */
static enum dom_rc
apply(struct app *app, const char *provider, const struct pay_event *ev)
{
	enum db_rc	 rc = DB_ERR;
	int		 attempt, refused = 0, take = 1;
	const char	*ref = ev->ref != NULL ? ev->ref : ev->session;

	for (attempt = 0; attempt < DOM_TX_TRIES; attempt++) {
		if ((rc = db_begin(app->db)) != DB_OK)
			break;
		if (ev->id != NULL) {
			rc = db_exec(app->db, STMT_PAY_EVENT_ADD, NULL, NULL, "sss", provider, ev->id,
			    ev->type != NULL ? ev->type : "");
			if (rc == DB_DUP) {
				db_rollback(app->db);
				klog("%s event %s seen before: nothing to do", provider, ev->id);
				return DOM_OK;
			}
		}
		if (rc == DB_OK && ev->order_id > 0 && ev->state == PAY_PAID && ref != NULL) {
			rc = order_paid_tx(app, ev->order_id, ref, ev->amount, ev->currency, take,
			    &refused);
			if (refused && take) {
				db_rollback(app->db);
				take = 0;
				attempt--;
				continue;
			}
		} else if (rc == DB_OK && ev->order_id > 0 && ev->state == PAY_EXPIRED &&
		    ev->session != NULL)
			rc = order_expire_tx(app, ev->order_id, ev->session, NULL);
		if (rc == DB_OK)
			rc = db_commit(app->db);
		if (rc == DB_OK)
			return DOM_OK;
		db_rollback(app->db);
		if (rc != DB_RETRY)
			break;
	}
	return dom_from_db(rc);
}

enum dom_rc
pay_webhook(struct app *app, const char *provider, const char *sig, const char *body,
    size_t len, const char **reason)
{
	const struct pay_driver	*d = pay_provider_named(provider);
	struct pay_event	 ev;
	char			 err[256] = "";
	enum dom_rc		 rc;

	*reason = NULL;
	if (d == NULL || d->webhook == NULL) {
		*reason = "not_found";
		return DOM_NOT_FOUND;
	}
	if (d->webhook(app, sig, body, len, &ev, err, sizeof(err)) != 0) {
		klog("%s webhook refused: %s", provider, err);
		*reason = "signature_invalid";
		return DOM_INVALID;
	}
	rc = apply(app, provider, &ev);
	if (rc != DOM_OK)
		*reason = "server_error";
	pay_event_free(&ev);
	return rc;
}

enum dom_rc
order_pay_start(struct app *app, int64_t order_id, char **url, const char **reason)
{
	struct dbres		*o = NULL;
	const struct pay_driver	*d;
	struct pay_order	 po;
	char			*session = NULL, err[256] = "";
	enum dom_rc		 drc = DOM_OK;
	enum db_rc		 rc;
	json_t			*job;

	*url = NULL;
	*reason = NULL;
	if ((rc = db_query(app->db, STMT_PAY_ORDER_START, &o, "i", order_id)) != DB_OK)
		return dom_from_db(rc);
	if (o->nrows == 0) {
		drc = DOM_NOT_FOUND;
		goto out;
	}
	d = pay_provider_named(dbres_get(o, 0, "provider"));
	if (strcmp(dbres_get(o, 0, "status"), "pending_payment") != 0 ||
	    dbres_int(o, 0, "seconds_left") <= 0 || d == NULL || !d->hosted || d->create == NULL) {
		*reason = "order_not_pending";
		drc = DOM_CONFLICT;
		goto out;
	}
	memset(&po, 0, sizeof(po));
	po.id = order_id;
	po.amount = dbres_int(o, 0, "total");
	po.currency = dbres_get(o, 0, "currency");
	po.title = dbres_get(o, 0, "event_name");
	po.email = dbres_get(o, 0, "buyer_email");
	po.expires_at = time(NULL) + dbres_int(o, 0, "seconds_left");
	/* the one network call a request makes, and a short one: see README "Payments" */
	if (d->create(app, &po, conf_int(app->conf, "Payments.CreateTimeout", 5), &session, url,
	    err, sizeof(err)) != 0) {
		klog("order %lld: the checkout could not be started: %s", (long long)order_id, err);
		*reason = "payment_unavailable";
		drc = DOM_DOWN;
		goto out;
	}
	rc = db_exec(app->db, STMT_PAY_SESSION_SET, NULL, NULL, "ssi", session, *url, order_id);
	/* if no webhook ever comes, the runner asks the provider once the hold is over */
	job = json_pack("{s:I, s:s, s:s}", "order", (json_int_t)order_id, "session", session,
	    "provider", d->name);
	if (rc == DB_OK && job != NULL)
		rc = job_add(app->db, JOB_PAY_CHECK, job,
		    (int)dbres_int(o, 0, "seconds_left") + 30);
	json_decref(job);
	if (rc != DB_OK) {
		free(*url);
		*url = NULL;
		drc = dom_from_db(rc);
	}
out:
	free(session);
	dbres_free(o);
	return drc;
}

void
pay_expire_sweep(struct app *app)
{
	struct dbres	*due = NULL;
	size_t		 i;
	enum db_rc	 rc;
	int		 e;

	if (db_query(app->db, STMT_PAY_EXPIRE_DUE, &due, "") != DB_OK)
		return;
	for (i = 0; i < due->nrows; i++) {
		if ((rc = db_begin(app->db)) == DB_OK)
			rc = order_expire_tx(app, dbres_int(due, i, "id"), "", &e);
		if (rc == DB_OK)
			rc = db_commit(app->db);
		if (rc != DB_OK)
			db_rollback(app->db);
		else if (e)
			klog("order %s expired unpaid; its places are free again",
			    dbres_get(due, i, "id"));
	}
	dbres_free(due);
}

int
pay_check_job(struct app *app, json_t *payload, char *err, size_t errlen)
{
	const char		*session = json_string_value(json_object_get(payload, "session"));
	const char		*prov = json_string_value(json_object_get(payload, "provider"));
	json_t			*oid = json_object_get(payload, "order");
	const struct pay_driver	*d = pay_provider_named(prov);
	struct pay_event	 ev;
	enum pay_state		 st;
	char			*ref = NULL;
	int			 ok;

	if (session == NULL || !json_is_integer(oid) || d == NULL || d->state == NULL) {
		snprintf(err, errlen, "pay_check job without order, session or provider");
		return -1;
	}
	if (d->state(app, session, &st, &ref, err, errlen) != 0)
		return -1;
	memset(&ev, 0, sizeof(ev));
	ev.state = st;
	ev.order_id = (int64_t)json_integer_value(oid);
	ev.session = (char *)session;
	ev.ref = ref;
	ev.amount = -1;
	/* still open at the provider: the sweep expires ours; a late payment still counts */
	ok = st == PAY_OPEN || apply(app, d->name, &ev) == DOM_OK ? 0 : -1;
	if (ok != 0)
		snprintf(err, errlen, "order %lld: the checkout's state could not be applied",
		    (long long)ev.order_id);
	free(ref);
	return ok;
}

enum dom_rc
order_payments(struct db *db, int64_t order_id, struct dbres **res)
{
	return dom_from_db(db_query(db, STMT_PAY_HISTORY, res, "i", order_id));
}

enum db_rc
pay_refund_ticket(struct app *app, int64_t ticket_id)
{
	struct dbres	*t = NULL;
	enum db_rc	 rc;

	if ((rc = db_query(app->db, STMT_PAY_TICKET_ORDER, &t, "i", ticket_id)) != DB_OK)
		return rc;
	if (t->nrows == 1)
		rc = pay_refund_queue(app, dbres_int(t, 0, "order_id"), dbres_int(t, 0, "price"),
		    "ticket_cancelled");
	dbres_free(t);
	return rc;
}

enum db_rc
pay_refund_event(struct app *app, int64_t event_id)
{
	struct dbres	*o = NULL;
	enum db_rc	 rc;
	size_t		 i;

	if ((rc = db_query(app->db, STMT_PAY_EVENT_PAID, &o, "i", event_id)) != DB_OK)
		return rc;
	for (i = 0; rc == DB_OK && i < o->nrows; i++)
		rc = pay_refund_queue(app, dbres_int(o, i, "id"), dbres_int(o, i, "amount_left"),
		    "event_cancelled");
	dbres_free(o);
	o = NULL;
	/* pending orders of a cancelled event end now; a late payment is refunded */
	if (rc == DB_OK)
		rc = db_query(app->db, STMT_PAY_EVENT_PENDING, &o, "i", event_id);
	for (i = 0; rc == DB_OK && i < o->nrows; i++)
		rc = order_expire_tx(app, dbres_int(o, i, "id"), NULL, NULL);
	dbres_free(o);
	return rc;
}
