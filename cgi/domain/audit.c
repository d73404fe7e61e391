/*
 * The audit log.  Entries are written after the change they describe has
 * committed (most changes are their own transaction in other files), so a
 * failed write is logged and the change stands.
 */
#include "config.h"

#include <stdlib.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/audit.h"
#include "lib/util.h"

enum dom_rc
audit_note(struct db *db, int64_t actor, int64_t event, int64_t venue, const char *action,
    int64_t target, const char *field, const char *before, const char *after)
{
	enum db_rc rc;

	rc = db_exec(db, STMT_AUDIT_ADD, NULL, NULL, "nnnsnsss", actor, event, venue, action,
	    target, field, before, after);
	if (rc != DB_OK)
		klog("audit: %s by %lld not recorded", action, (long long)actor);
	return dom_from_db(rc);
}

enum dom_rc
audit_list(struct db *db, int64_t event, int64_t venue, int64_t limit, int64_t offset,
    struct dbres **res)
{
	if (event > 0)
		return dom_from_db(db_query(db, STMT_AUDIT_EVENT, res, "iii", event, limit,
		    offset));
	if (venue > 0)
		return dom_from_db(db_query(db, STMT_AUDIT_VENUE, res, "iii", venue, limit,
		    offset));
	return dom_from_db(db_query(db, STMT_AUDIT_ALL, res, "ii", limit, offset));
}

char *
audit_user_state(struct db *db, int64_t user, char **email)
{
	struct dbres	*res = NULL;
	char		*st = NULL;

	*email = NULL;
	if (db_query(db, STMT_AUDIT_USER_STATE, &res, "i", user) != DB_OK)
		return NULL;
	if (res->nrows == 1) {
		st = xstrdup(dbres_get(res, 0, "state"));
		*email = xstrdup(dbres_get(res, 0, "email"));
	}
	dbres_free(res);
	return st;
}
