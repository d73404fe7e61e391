/*
 * The public side of events without the request: the listing query, one
 * event, and the availability word.  Capacity and sales never leave the
 * domain except as that word (CONTRACT §3).
 */
#include "config.h"

#include <string.h>

#include "db/stmt.h"
#include "domain/event_listing.h"
#include "lib/conf.h"

/*
 * Places in carts are not for sale: when nothing is left but places that
 * others hold, the word is "held" and *left the minutes until the first of
 * those holds runs out (it may come back then).
 */
const char *
event_availability(struct app *app, const struct dbres *res, size_t row, int64_t *left)
{
	const char	*status = dbres_get(res, row, "status");
	int64_t		 cap = dbres_int(res, row, "capacity");
	int64_t		 sold = dbres_int(res, row, "sold");
	/* rows of the organiser's own statements carry no holds: sales only */
	int64_t		 held = dbres_has(res, "held_now") ? dbres_int(res, row, "held_now") : 0;
	int64_t		 pct = conf_int(app->conf, "Events.LastPercent", 5);

	*left = cap - sold - held;
	if (status != NULL && strcmp(status, "cancelled") == 0)
		return "cancelled";
	if (cap - sold <= 0)
		return "full";
	if (*left <= 0) {
		*left = (dbres_int(res, row, "held_free_in") + 59) / 60;
		if (*left < 1)
			*left = 1;
		return "held";
	}
	if (*left * 100 < cap * pct)
		return "last";
	return "available";
}

enum dom_rc
listing_search(struct db *db, const struct listing_query *q, struct dbres **res)
{
	const char	*from = q->has_from ? q->from : NULL;
	const char	*to = q->has_to ? q->to : NULL;
	const char	*venue_null = q->venue ? "" : NULL;
	enum db_rc	 rc;

	rc = db_query(db, STMT_EVENTS_UPCOMING, res, "sssssssssiii", q->like, q->like, q->like,
	    q->like, from, from, to, to, venue_null, q->venue, (int64_t)LISTING_PAGE + 1,
	    (q->page - 1) * LISTING_PAGE);
	if (rc == DB_OK)
		return DOM_OK;
	return dom_from_db(rc);
}

enum dom_rc
event_public(struct db *db, int64_t id, struct dbres **res)
{
	enum db_rc rc;

	*res = NULL;
	if ((rc = db_query(db, STMT_EVENT_GET, res, "i", id)) != DB_OK)
		return dom_from_db(rc);
	if ((*res)->nrows == 0) {
		dbres_free(*res);
		*res = NULL;
		return DOM_NOT_FOUND;
	}
	return DOM_OK;
}
