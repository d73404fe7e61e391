/*
 * notify/queue.c: the job table — slow work (mail, Google, payments) is
 * queued in the caller's transaction and done by the job runner.
 */
#ifndef KT_NOTIFY_QUEUE_H
#define KT_NOTIFY_QUEUE_H

#include <stdint.h>

#include <jansson.h>

#include "db/db.h"

/*
 * gcal_sync is also written by SQL (STMT_GCAL_QUEUE_*): keep the names in
 * step.  order_mail ({"order_id": N}) is a purchase confirmation not yet
 * composed; composing turns it into a mail job.
 */
/* pay_refund ({"payment": id}) asks the provider for a refund row; pay_check
 * ({"order": id, "session": s}) asks a checkout's state when no webhook came. */
enum job_kind { JOB_MAIL, JOB_GCAL_SYNC, JOB_ORDER_MAIL, JOB_PAY_REFUND, JOB_PAY_CHECK,
	JOB__MAX };
extern const char *const job_kind_names[JOB__MAX];

/* Queues a job; the payload is copied.  Runs inside the caller's transaction. */
enum db_rc job_add(struct db *, enum job_kind, json_t *payload, int delay_seconds);
/*
 * The runner's try `tries` of job `id` keeps what it composed: the job
 * becomes `kind` with this payload, its lease renewed for lease_seconds,
 * in a transaction of its own.  DB_OK with *kept 0 if the lease is no
 * longer this try's (another runner has the job: leave it alone).
 */
enum db_rc job_keep_composed(struct db *, int64_t id, int64_t tries, int lease_seconds,
	     enum job_kind kind, json_t *payload, int *kept);

#endif
