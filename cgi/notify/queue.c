/*
 * The job queue: rows in `jobs`, written in the same transaction as the
 * change that caused them, run later by kametay-jobs.
 */
#include "config.h"

#include <stdlib.h>

#include "db/db.h"
#include "db/stmt.h"
#include "notify/queue.h"

const char *const job_kind_names[JOB__MAX] = { "mail", "gcal_sync", "order_mail",
    "pay_refund", "pay_check" };

enum db_rc
job_add(struct db *db, enum job_kind kind, json_t *payload, int delay_seconds)
{
	char		*text;
	enum db_rc	 rc;

	if ((text = json_dumps(payload, JSON_COMPACT)) == NULL)
		return DB_ERR;
	/*
	 * Money owed outlives a long provider outage: a refund is tried for
	 * about two days (the back-off caps at an hour), everything else 8 times.
	 */
	rc = db_exec(db, STMT_JOB_ADD, NULL, NULL, "ssii", job_kind_names[kind], text,
	    (int64_t)(kind == JOB_PAY_REFUND ? 60 : 8), (int64_t)delay_seconds);
	free(text);
	return rc;
}

enum db_rc
job_keep_composed(struct db *db, int64_t id, int64_t tries, int lease_seconds,
    enum job_kind kind, json_t *payload, int *kept)
{
	char		*text;
	uint64_t	 got = 0;
	enum db_rc	 rc;

	*kept = 0;
	if ((text = json_dumps(payload, JSON_COMPACT)) == NULL)
		return DB_ERR;
	if ((rc = db_begin(db)) == DB_OK) {
		rc = db_exec(db, STMT_JOB_COMPOSED, &got, NULL, "ssiii", job_kind_names[kind], text,
		    (int64_t)lease_seconds, id, tries);
		if (rc == DB_OK)
			rc = db_commit(db);
		if (rc != DB_OK)
			db_rollback(db);
	}
	free(text);
	*kept = rc == DB_OK && got == 1;
	return rc;
}
