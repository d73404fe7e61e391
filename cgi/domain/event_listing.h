/*
 * domain/event_listing.c: the public listing — the search over upcoming
 * events, one public event, and how available an event is.
 */
#ifndef KT_DOMAIN_EVENT_LISTING_H
#define KT_DOMAIN_EVENT_LISTING_H

#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"

#define LISTING_PAGE 12

/* A search as parsed: every part optional. */
struct listing_query {
	char	*like;		/* "%q%" with LIKE wildcards escaped, or NULL */
	char	 from[32], to[32];	/* UTC DATETIME bounds */
	int	 has_from, has_to;
	int64_t	 venue;
	int64_t	 page;		/* from 1 */
};

/*
 * "available", "last" (fewer than Events.LastPercent of capacity left;
 * *left gets how many), "held" (every place left is in someone's cart;
 * *left gets the minutes until the first hold runs out), "full" or
 * "cancelled", for a listing row.
 */
const char *event_availability(struct app *, const struct dbres *, size_t row, int64_t *left);
/* One page of upcoming events, LISTING_PAGE + 1 rows to see a next page. */
enum dom_rc listing_search(struct db *, const struct listing_query *, struct dbres **res);
/* One public event (STMT_EVENT_GET); DOM_NOT_FOUND if none. */
enum dom_rc event_public(struct db *, int64_t id, struct dbres **res);

#endif
