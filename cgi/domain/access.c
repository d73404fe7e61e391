/*
 * Who may do what with an event: its owner, co-organisers and admins
 * manage it; door staff check tickets in; anyone else sees only what is
 * published.
 */
#include "config.h"

#include <string.h>

#include "db/db.h"
#include "domain/access.h"

enum db_rc
event_access(struct db *db, const struct user *u, int64_t id, enum eaccess *out)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	const char	*staff;

	*out = EA_NONE;
	if ((rc = db_query(db, STMT_EVENT_ACCESS, &res, "iii", u->id, u->id, id)) != DB_OK)
		return rc;
	if (res->nrows == 1) {
		staff = dbres_get(res, 0, "staff");
		if (u->role == ROLE_ADMIN || dbres_int(res, 0, "owner") ||
		    (staff != NULL && strcmp(staff, "organiser") == 0))
			*out = EA_MANAGE;
		else if (staff != NULL && strcmp(staff, "door") == 0)
			*out = EA_DOOR;
	}
	dbres_free(res);
	return DB_OK;
}
