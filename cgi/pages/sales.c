/*
 * The sales dashboard: /organiser/events/{id}/sales for one event (its
 * managers; 404 for anyone else, door staff too) and /organiser/sales for
 * all of the signed-in organiser's events, each with a .csv of the same
 * figures.  The charts are SVG drawn here by lib/chart.c, which escapes
 * every text in them (the template prints them with uvar:); each has a
 * table of its figures behind it.  The figures are domain/sales.c's.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "db/db.h"
#include "domain/access.h"
#include "domain/result.h"
#include "domain/sales.h"
#include "lib/app.h"
#include "lib/chart.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

/* The charts, in page order: which series, bars of tickets or of money. */
static const struct {
	const char	*id;
	enum sales_kind	 kind;
	int		 money;
} charts[] = {
	{ "sold_days", SALES_DAYS, 0 },
	{ "revenue_days", SALES_DAYS, 1 },
	{ "sold_hours", SALES_HOURS, 0 },
	{ "categories", SALES_CATEGORIES, 0 },
	{ "cancellations", SALES_CANCELS, 0 },
	{ "checkins", SALES_CHECKINS, 0 },
};
#define NCHARTS (sizeof(charts) / sizeof(charts[0]))

/* The site's offset from UTC now, in seconds (the process runs in its zone). */
static long
site_offset(void)
{
	struct tm	 tm;
	time_t		 now = time(NULL);

	localtime_r(&now, &tm);
	return tm.tm_gmtoff;
}

/* 150000 → "1500.00": revenue in the CSV, which spreadsheets read as a number. */
static void
money_plain(int64_t minor, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64 ".%02" PRId64, minor / 100, minor % 100);
}

static void
put_money(struct req *r, const char *key, int64_t minor)
{
	char buf[64];

	format_money(minor, buf, sizeof(buf));
	hdf_put(r->hdf, key, buf);
}

static void
put_i64(struct req *r, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	hdf_put(r->hdf, key, buf);
}

/* One chart: its SVG, title, description and the rows of its table. */
static int
chart_to_hdf(struct req *r, size_t c, const struct sales *s)
{
	const struct sales_series *ser = &s->series[charts[c].kind];
	struct chart_bar *bars = NULL;
	char		**shown = NULL, key[96], buf[64], *title = NULL, *desc = NULL;
	STRING		 svg;
	int64_t		 total = 0;
	size_t		 i;
	int		 ret = -1;

	string_init(&svg);
	if (ser->n > 0 && ((bars = calloc(ser->n, sizeof(*bars))) == NULL ||
	    (shown = calloc(ser->n, sizeof(*shown))) == NULL))
		goto out;
	for (i = 0; i < ser->n; i++) {
		int64_t v = charts[c].money ? ser->p[i].amount : ser->p[i].n;

		total += v;
		if (charts[c].money)
			format_money(v, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%" PRId64, v);
		shown[i] = xstrdup(buf);
		bars[i].label = ser->p[i].label;
		bars[i].value = v;
		bars[i].shown = shown[i];
		snprintf(key, sizeof(key), "Sales.Charts.%zu.Rows.%zu.label", c, i);
		hdf_put(r->hdf, key, ser->p[i].label);
		snprintf(key, sizeof(key), "Sales.Charts.%zu.Rows.%zu.n", c, i);
		put_i64(r, key, ser->p[i].n);
		snprintf(key, sizeof(key), "Sales.Charts.%zu.Rows.%zu.amount", c, i);
		put_money(r, key, ser->p[i].amount);
	}
	snprintf(key, sizeof(key), "Lang.Sales.Chart.%s", charts[c].id);
	title = xstrdup(req_lang_str(r, key));
	if (charts[c].kind == SALES_HOURS && s->first_day[0] != '\0') {
		char *t = xasprintf("%s (%s)", title, s->first_day);

		free(title);
		title = t;
	}
	if (charts[c].money)
		format_money(total, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%" PRId64, total);
	desc = xasprintf("%s: %s", req_lang_str(r, "Lang.Sales.total"), buf);
	chart_svg(&svg, charts[c].id, title, desc, bars, ser->n);
	snprintf(key, sizeof(key), "Sales.Charts.%zu.Id", c);
	hdf_put(r->hdf, key, charts[c].id);
	snprintf(key, sizeof(key), "Sales.Charts.%zu.Title", c);
	hdf_put(r->hdf, key, title);
	snprintf(key, sizeof(key), "Sales.Charts.%zu.Desc", c);
	hdf_put(r->hdf, key, desc);
	snprintf(key, sizeof(key), "Sales.Charts.%zu.Kind", c);
	hdf_put(r->hdf, key, sales_kind_names[charts[c].kind]);
	snprintf(key, sizeof(key), "Sales.Charts.%zu.Svg", c);
	hdf_put(r->hdf, key, svg.buf != NULL ? svg.buf : "");
	ret = 0;
out:
	if (shown != NULL)
		for (i = 0; i < ser->n; i++)
			free(shown[i]);
	free(shown);
	free(bars);
	free(title);
	free(desc);
	string_clear(&svg);
	return ret;
}

static void
sales_to_hdf(struct req *r, const struct sales *s)
{
	char	 key[96], buf[64];
	size_t	 i;
	int64_t	 cap, sold;
	NEOERR	*err;

	put_i64(r, "Sales.Totals.sold", s->sold);
	put_money(r, "Sales.Totals.revenue", s->revenue);
	put_i64(r, "Sales.Totals.cancelled", s->cancelled);
	put_i64(r, "Sales.Totals.checked_in", s->checked_in);
	put_i64(r, "Sales.Totals.capacity", s->capacity);
	put_i64(r, "Sales.Totals.left", s->left);
	if (s->events->nrows > 0)
		hdf_put(r->hdf, "Sales.Currency", dbres_get(s->events, 0, "currency"));
	for (i = 0; i < s->events->nrows; i++) {
		snprintf(key, sizeof(key), "Sales.Events.%zu", i);
		if ((err = dbres_row_to_hdf(s->events, i, r->hdf, key)) != STATUS_OK)
			klog_nerr("sales: event row", &err);
		snprintf(key, sizeof(key), "Sales.Events.%zu.RevenueShown", i);
		put_money(r, key, dbres_int(s->events, i, "revenue"));
		cap = dbres_int(s->events, i, "capacity");
		sold = dbres_int(s->events, i, "sold");
		snprintf(key, sizeof(key), "Sales.Events.%zu.Left", i);
		put_i64(r, key, cap > sold ? cap - sold : 0);
		format_local(db_time_parse(dbres_get(s->events, i, "starts_at")), buf, sizeof(buf),
		    "%d.%m.%Y");
		snprintf(key, sizeof(key), "Sales.Events.%zu.StartsLocal", i);
		hdf_put(r->hdf, key, buf);
	}
	for (i = 0; i < NCHARTS; i++)
		if (chart_to_hdf(r, i, s) != 0)
			klog("sales: chart %s: out of memory", charts[i].id);
}

/* The same figures as CSV: UTF-8 with a BOM, RFC 4180, CRLF, inert cells. Caller frees. */
static char *
sales_csv(const struct sales *s, size_t *len)
{
	STRING	 out;
	char	 buf[64];
	size_t	 i;
	int	 k;

	string_init(&out);
	str_put(&out, "\xef\xbb\xbf" "series,label,tickets,revenue\r\n");
#define ROW(series, label, n, amount) do {				\
	chart_csv_cell(&out, series);					\
	str_putc(&out, ',');						\
	chart_csv_cell(&out, label);					\
	str_putf(&out, ",%" PRId64 ",", (int64_t)(n));			\
	money_plain(amount, buf, sizeof(buf));				\
	str_put(&out, buf);						\
	str_put(&out, "\r\n");						\
} while (0)
	ROW("total", "sold", s->sold, s->revenue);
	ROW("total", "cancelled", s->cancelled, 0);
	ROW("total", "checked_in", s->checked_in, 0);
	ROW("total", "capacity", s->capacity, 0);
	ROW("total", "capacity_left", s->left, 0);
	for (i = 0; i < s->events->nrows; i++)
		ROW("event", dbres_get(s->events, i, "name"), dbres_int(s->events, i, "sold"),
		    dbres_int(s->events, i, "revenue"));
	for (k = 0; k < SALES__MAX; k++)
		for (i = 0; i < s->series[k].n; i++)
			ROW(sales_kind_names[k], s->series[k].p[i].label, s->series[k].p[i].n,
			    s->series[k].p[i].amount);
#undef ROW
	*len = (size_t)out.len;
	return out.buf != NULL ? out.buf : xstrdup("");
}

/*
 * Loads the figures for the event in the path (managers only: 404 for
 * anyone else) or, with event 0, the signed-in organiser's events.
 */
static int
sales_gate(struct req *r, int per_event, struct sales *s)
{
	enum eaccess	 a = EA_NONE;
	enum db_rc	 rc;
	enum dom_rc	 drc;
	int64_t		 ev = per_event ? req_param_id(r, 0) : 0;

	if (per_event) {
		if ((rc = event_access(r->app->db, &r->user, ev, &a)) != DB_OK) {
			req_db_error(r, rc);
			return -1;
		}
		if (a != EA_MANAGE) {
			req_error(r, 404, NULL);
			return -1;
		}
	}
	if ((drc = sales_load(r->app->db, ev, r->user.id, site_offset(), s)) != DOM_OK) {
		req_fail(r, drc, NULL);
		return -1;
	}
	return 0;
}

static void
sales_page(struct req *r, int per_event)
{
	struct sales	 s;

	memset(&s, 0, sizeof(s));
	if (sales_gate(r, per_event, &s) != 0)
		goto out;
	sales_to_hdf(r, &s);
	if (per_event) {
		hdf_put(r->hdf, "Event.Id", dbres_get(s.events, 0, "id"));
		hdf_put(r->hdf, "Event.Name", dbres_get(s.events, 0, "name"));
		hdf_put(r->hdf, "Sales.Scope", "event");
	} else
		hdf_put(r->hdf, "Sales.Scope", "all");
	hdf_put(r->hdf, "Page.Sub", per_event ? "events" : "sales");
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Sales.heading"));
	r->tpl = TPL_SALES;
out:
	sales_free(&s);
}

static void
sales_csv_answer(struct req *r, int per_event)
{
	struct sales	 s;
	char		 disp[96];

	memset(&s, 0, sizeof(s));
	if (sales_gate(r, per_event, &s) != 0)
		goto out;
	r->raw = sales_csv(&s, &r->rawlen);
	r->raw_type = "text/csv; charset=utf-8";
	if (per_event)
		snprintf(disp, sizeof(disp), "attachment; filename=\"event-%" PRId64 "-sales.csv\"",
		    req_param_id(r, 0));
	else
		snprintf(disp, sizeof(disp), "attachment; filename=\"sales.csv\"");
	req_header(r, "Content-Disposition", disp);
out:
	sales_free(&s);
}

/* GET /organiser/events/{id}/sales */
void
h_sales_event(struct req *r)
{
	sales_page(r, 1);
}

/* GET /organiser/events/{id}/sales.csv */
void
h_sales_event_csv(struct req *r)
{
	sales_csv_answer(r, 1);
}

/* GET /organiser/sales */
void
h_sales_all(struct req *r)
{
	sales_page(r, 0);
}

/* GET /organiser/sales.csv */
void
h_sales_all_csv(struct req *r)
{
	sales_csv_answer(r, 0);
}
