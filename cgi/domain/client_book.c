/*
 * An organiser's clients, without the request.  Admins see every
 * organiser's clients, organisers their own; any other id is not found.
 * A failed statement is DOM_DOWN when the database is gone, else DOM_ERR.
 */
#include "config.h"

#include "db/stmt.h"
#include "domain/client_book.h"

enum dom_rc
client_get(struct db *db, const struct user *u, int64_t id, struct dbres **c)
{
	enum db_rc rc;

	*c = NULL;
	rc = db_query(db, STMT_CLIENT_GET, c, "iii", id, (int64_t)(u->role == ROLE_ADMIN), u->id);
	if (rc != DB_OK)
		return dom_from_db(rc);
	if ((*c)->nrows == 0) {
		dbres_free(*c);
		*c = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}

enum dom_rc
client_create(struct db *db, int64_t owner, const struct client_details *c, int64_t *id)
{
	uint64_t	 n = 0;
	enum db_rc	 rc;

	rc = db_exec(db, STMT_CLIENT_ADD, NULL, &n, "issssss", owner, c->name, c->email,
	    c->phone, c->address, c->notes, c->feedback);
	if (rc != DB_OK)
		return dom_from_db(rc);
	*id = (int64_t)n;
	return DOM_OK;
}

enum dom_rc
client_update(struct db *db, int64_t id, const struct client_details *c)
{
	enum db_rc rc;

	rc = db_exec(db, STMT_CLIENT_UPDATE, NULL, NULL, "ssssssi", c->name, c->email, c->phone,
	    c->address, c->notes, c->feedback, id);
	return rc == DB_OK ? DOM_OK : dom_from_db(rc);
}
