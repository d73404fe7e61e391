/*
 * domain/sales.c: the sales dashboard's figures, for one event or for all
 * of an organiser's events: tickets and revenue per day and per hour of the
 * first day of sales, by price category, cancellations per day, check-ins
 * per quarter hour, and per event sold, revenue, cancellations, check-ins
 * and capacity left.  Days and hours are the site's local ones.
 */
#ifndef KT_DOMAIN_SALES_H
#define KT_DOMAIN_SALES_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"

/* One bar: a day, an hour, a category or a quarter hour; label is owned. */
struct sales_point {
	char	*label;
	int64_t	 n;		/* tickets */
	int64_t	 amount;	/* minor units */
};

struct sales_series {
	struct sales_point *p;
	size_t		 n;
};

enum sales_kind {
	SALES_DAYS,		/* tickets sold (and revenue) per day, gaps filled */
	SALES_HOURS,		/* the same per hour of the first day of sales */
	SALES_CATEGORIES,	/* live tickets and revenue per price category */
	SALES_CANCELS,		/* cancelled or voided tickets per day */
	SALES_CHECKINS,		/* check-ins per quarter hour */
	SALES__MAX
};

/* "days", "hours", "categories", "cancellations", "checkins" */
extern const char *const sales_kind_names[SALES__MAX];

struct sales {
	struct dbres	*events;	/* id, name, starts_at, status, capacity, currency,
					 * sold, revenue, cancelled, checked_in */
	struct sales_series series[SALES__MAX];
	char		 first_day[11];	/* YYYY-MM-DD of the first sale, "" when none */
	int64_t		 capacity, sold, revenue, cancelled, checked_in, left;
};

/*
 * Fills *out for event `event_id` (organiser 0) or for every event but
 * drafts of organiser `organiser_id` (event 0); tzoff is the site's offset
 * from UTC in seconds.  DOM_OK (free with sales_free also then), DOM_DOWN,
 * DOM_ERR; DOM_NOT_FOUND for no such event.
 */
enum dom_rc sales_load(struct db *, int64_t event_id, int64_t organiser_id, long tzoff,
	     struct sales *out);
void	 sales_free(struct sales *);

#endif
