/*
 * The dashboard's figures.  Each series is one statement over one event's
 * range of an index (migration 015), or the same joined to the organiser's
 * events; days with no sale are filled in here so a chart shows the gaps.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/stmt.h"
#include "domain/result.h"
#include "domain/sales.h"
#include "lib/util.h"

#define DAY		86400
#define MAX_FILL_DAYS	400	/* a longer span is shown as the days that sold */

const char *const sales_kind_names[SALES__MAX] = {
	[SALES_DAYS] = "days",
	[SALES_HOURS] = "hours",
	[SALES_CATEGORIES] = "categories",
	[SALES_CANCELS] = "cancellations",
	[SALES_CHECKINS] = "checkins",
};

/* The statement of each series: for one event, for an organiser. */
static const enum stmt series_stmt[SALES__MAX][2] = {
	[SALES_DAYS] = { STMT_SALES_DAYS, STMT_SALES_DAYS_ORG },
	[SALES_HOURS] = { STMT_SALES_HOURS, STMT_SALES_HOURS_ORG },
	[SALES_CATEGORIES] = { STMT_SALES_CATEGORIES, STMT_SALES_CATEGORIES_ORG },
	[SALES_CANCELS] = { STMT_SALES_CANCELS, STMT_SALES_CANCELS_ORG },
	[SALES_CHECKINS] = { STMT_SALES_CHECKINS, STMT_SALES_CHECKINS_ORG },
};

static int
point_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sales_point *)a)->label,
	    ((const struct sales_point *)b)->label);
}

/* The rows (slot, n, amount) as points, sorted by label. */
static int
series_from(struct sales_series *s, const struct dbres *res)
{
	size_t i;

	s->n = 0;
	if (res->nrows == 0)
		return 0;
	if ((s->p = calloc(res->nrows, sizeof(*s->p))) == NULL)
		return -1;
	for (i = 0; i < res->nrows; i++) {
		s->p[i].label = xstrdup(dbres_get(res, i, "slot") != NULL ?
		    dbres_get(res, i, "slot") : "");
		s->p[i].n = dbres_int(res, i, "n");
		s->p[i].amount = dbres_int(res, i, "amount");
		s->n++;
	}
	qsort(s->p, s->n, sizeof(*s->p), point_cmp);
	return 0;
}

/*
 * Every label from..to (formatted from a UTC time by fmt every `step`
 * seconds) with the points of `s`, zeros between: s is replaced.
 */
static int
series_fill(struct sales_series *s, time_t from, time_t to, time_t step, const char *fmt)
{
	struct sales_point *p;
	struct tm	 tm;
	size_t		 n = 0, max, j = 0;
	time_t		 t;
	char		 buf[24];

	max = (size_t)((to - from) / step) + 1;
	if ((p = calloc(max, sizeof(*p))) == NULL)
		return -1;
	for (t = from; t <= to && n < max; t += step) {
		gmtime_r(&t, &tm);
		if (strftime(buf, sizeof(buf), fmt, &tm) == 0)
			buf[0] = '\0';
		p[n].label = xstrdup(buf);
		while (j < s->n && strcmp(s->p[j].label, buf) < 0)
			j++;
		if (j < s->n && strcmp(s->p[j].label, buf) == 0) {
			p[n].n = s->p[j].n;
			p[n].amount = s->p[j].amount;
		}
		n++;
	}
	for (j = 0; j < s->n; j++)
		free(s->p[j].label);
	free(s->p);
	s->p = p;
	s->n = n;
	return 0;
}

/* A local YYYY-MM-DD label as a time at its midnight, shifted like the labels. */
static time_t
label_day(const char *label)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (label == NULL || strlen(label) < 10)
		return (time_t)-1;
	if (sscanf(label, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return (time_t)-1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* Days from the first label to the last, gaps as zeros (when not too long). */
static int
fill_days(struct sales_series *s)
{
	time_t a, b;

	if (s->n < 2)
		return 0;
	a = label_day(s->p[0].label);
	b = label_day(s->p[s->n - 1].label);
	if (a == (time_t)-1 || b == (time_t)-1 || b < a || (b - a) / DAY > MAX_FILL_DAYS)
		return 0;
	return series_fill(s, a, b, DAY, "%Y-%m-%d");
}

static enum dom_rc
load_series(struct db *db, struct sales *out, enum sales_kind k, int org, int64_t id,
    long tzoff, const char *from, const char *to)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	enum stmt	 st = series_stmt[k][org];

	if (k == SALES_CATEGORIES)
		rc = db_query(db, st, &res, "i", id);
	else if (k == SALES_HOURS)
		rc = db_query(db, st, &res, "iiss", (int64_t)tzoff, id, from, to);
	else
		rc = db_query(db, st, &res, "ii", (int64_t)tzoff, id);
	if (rc != DB_OK)
		return dom_from_db(rc);
	if (series_from(&out->series[k], res) != 0) {
		dbres_free(res);
		return DOM_ERR;
	}
	dbres_free(res);
	return DOM_OK;
}

enum dom_rc
sales_load(struct db *db, int64_t event_id, int64_t organiser_id, long tzoff, struct sales *out)
{
	struct dbres	*first = NULL;
	enum db_rc	 rc;
	enum dom_rc	 drc = DOM_OK;
	int		 org = event_id == 0;
	int64_t		 id = org ? organiser_id : event_id;
	size_t		 i;
	time_t		 t, day;
	struct tm	 tm;
	char		 from[24] = "", to[24] = "";
	int		 k;

	memset(out, 0, sizeof(*out));
	rc = db_query(db, org ? STMT_SALES_ORG_EVENTS : STMT_SALES_EVENTS, &out->events, "i", id);
	if (rc != DB_OK) {
		out->events = NULL;
		return dom_from_db(rc);
	}
	if (!org && out->events->nrows == 0)
		return DOM_NOT_FOUND;
	for (i = 0; i < out->events->nrows; i++) {
		int64_t cap = dbres_int(out->events, i, "capacity");
		int64_t sold = dbres_int(out->events, i, "sold");

		out->capacity += cap;
		out->sold += sold;
		out->revenue += dbres_int(out->events, i, "revenue");
		out->cancelled += dbres_int(out->events, i, "cancelled");
		out->checked_in += dbres_int(out->events, i, "checked_in");
		out->left += cap > sold ? cap - sold : 0;
	}
	/* the first day of sales, local, as a UTC range for the hours */
	rc = db_query(db, org ? STMT_SALES_FIRST_ORG : STMT_SALES_FIRST, &first, "i", id);
	if (rc != DB_OK)
		return dom_from_db(rc);
	if (first->nrows == 1 && dbres_get(first, 0, "first") != NULL &&
	    (t = db_time_parse(dbres_get(first, 0, "first"))) != (time_t)-1) {
		day = (t + tzoff) / DAY * DAY;
		gmtime_r(&day, &tm);
		strftime(out->first_day, sizeof(out->first_day), "%Y-%m-%d", &tm);
		day -= tzoff;
		gmtime_r(&day, &tm);
		strftime(from, sizeof(from), "%Y-%m-%d %H:%M:%S", &tm);
		day += DAY;
		gmtime_r(&day, &tm);
		strftime(to, sizeof(to), "%Y-%m-%d %H:%M:%S", &tm);
	}
	dbres_free(first);
	for (k = 0; k < SALES__MAX; k++) {
		if (k == SALES_HOURS && from[0] == '\0')
			continue;
		if ((drc = load_series(db, out, k, org, id, tzoff, from, to)) != DOM_OK)
			return drc;
	}
	if (fill_days(&out->series[SALES_DAYS]) != 0 ||
	    fill_days(&out->series[SALES_CANCELS]) != 0)
		return DOM_ERR;
	if (from[0] != '\0' &&
	    series_fill(&out->series[SALES_HOURS], 0, 23 * 3600, 3600, "%H:00") != 0)
		return DOM_ERR;
	return DOM_OK;
}

void
sales_free(struct sales *s)
{
	size_t	i;
	int	k;

	dbres_free(s->events);
	for (k = 0; k < SALES__MAX; k++) {
		for (i = 0; i < s->series[k].n; i++)
			free(s->series[k].p[i].label);
		free(s->series[k].p);
	}
	memset(s, 0, sizeof(*s));
}
