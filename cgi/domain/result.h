/*
 * What a domain call answers: a code the page maps to a status (core's
 * req_fail, the one mapping) and, beside it, a reason — a short word such
 * as "sold_out" or "seat_taken" that the page shows as Lang.Error.<reason>
 * and the API sends as {"error": reason}.  Domain code never answers HTTP.
 */
#ifndef KT_DOMAIN_RESULT_H
#define KT_DOMAIN_RESULT_H

#include "db/db.h"

enum dom_rc {
	DOM_OK = 0,
	DOM_INVALID,	/* 422: the input breaks a rule (the reason names it) */
	DOM_NOT_FOUND,	/* 404: no such thing, or not the caller's to see */
	DOM_FORBIDDEN,	/* 403 */
	DOM_CONFLICT,	/* 409: the state forbids it now (sold_out, seat_taken, venue_busy) */
	DOM_LIMIT,	/* 422: a per-person limit (limit_exceeded) */
	DOM_DECLINED,	/* 422: the payment was declined */
	DOM_THROTTLED,	/* 429 */
	DOM_BUSY,	/* 503: still deadlocked after the retries */
	DOM_DOWN,	/* 503: the database is gone */
	DOM_ERR,	/* 500: a bug or a broken constraint, logged */
};

/*
 * A database result as a domain result: the one translation.  Callers that
 * expect a duplicate key (a seat taken, an address in use) test DB_DUP first.
 */
static inline enum dom_rc
dom_from_db(enum db_rc rc)
{
	switch (rc) {
	case DB_OK:
		return DOM_OK;
	case DB_DOWN:
		return DOM_DOWN;
	case DB_RETRY:
		return DOM_BUSY;	/* the caller's retries are spent */
	case DB_DUP:		/* a duplicate the caller did not check for is a bug */
	case DB_ERR:
		break;
	}
	return DOM_ERR;
}

/* How many times a transaction that deadlocked is tried in all. */
#define DOM_TX_TRIES 5

#endif
