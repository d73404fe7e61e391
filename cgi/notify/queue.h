/*
 * notify/queue.c: the job table — slow work (mail, Google, payments) is
 * queued in the caller's transaction and done by the job runner.
 */
#ifndef KT_NOTIFY_QUEUE_H
#define KT_NOTIFY_QUEUE_H

#include <jansson.h>

#include "db/db.h"

/* gcal_sync is also written by SQL (STMT_GCAL_QUEUE_*): keep the names in step */
enum job_kind { JOB_MAIL, JOB_GCAL_SYNC, JOB__MAX };
extern const char *const job_kind_names[JOB__MAX];

/* Queues a job; the payload is copied.  Runs inside the caller's transaction. */
enum db_rc job_add(struct db *, enum job_kind, json_t *payload, int delay_seconds);

#endif
