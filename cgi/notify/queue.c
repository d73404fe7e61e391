/*
 * The job queue: rows in `jobs`, written in the same transaction as the
 * change that caused them, run later by kametay-jobs.
 */
#include "config.h"

#include <stdlib.h>

#include "db/db.h"
#include "db/stmt.h"
#include "notify/queue.h"

const char *const job_kind_names[JOB__MAX] = { "mail", "gcal_sync" };

enum db_rc
job_add(struct db *db, enum job_kind kind, json_t *payload, int delay_seconds)
{
	char		*text;
	enum db_rc	 rc;

	if ((text = json_dumps(payload, JSON_COMPACT)) == NULL)
		return DB_ERR;
	rc = db_exec(db, STMT_JOB_ADD, NULL, NULL, "ssii", job_kind_names[kind], text,
	    (int64_t)8, (int64_t)delay_seconds);
	free(text);
	return rc;
}
