/*
 * An event's orders and attendees for its managers (owner, co-organisers,
 * admins): the searchable list, one order, cancelling a ticket or a whole
 * order for a buyer, resending the tickets, the CSV exports and the
 * printable guest list.  Door staff get 403 here (they see only what
 * check-in needs); anyone else 404, as for every page of the event.  The
 * rules and writes are domain/attendees.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/attendees.h"
#include "domain/audit.h"
#include "domain/payments.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

#define ATT_PAGE	50	/* rows per page of the list */
#define ATT_TEXT_MAX	200	/* bytes of a search */

/* The event's row for its managers, or answers 403/404/503 and returns NULL. */
static struct dbres *
att_event(struct req *r, int64_t id)
{
	struct dbres	*ev = NULL;
	enum dom_rc	 rc;
	enum db_rc	 drc;

	if ((rc = attendees_allowed(r->app->db, &r->user, id)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return NULL;
	}
	if ((drc = db_query(r->app->db, STMT_ORG_EVENT, &ev, "i", id)) != DB_OK) {
		req_db_error(r, drc);
		return NULL;
	}
	if (ev->nrows == 0) {
		dbres_free(ev);
		req_fail(r, DOM_NOT_FOUND, NULL);
		return NULL;
	}
	hdf_put(r->hdf, "Event.Id", dbres_get(ev, 0, "id"));
	hdf_put(r->hdf, "Event.Name", dbres_get(ev, 0, "name"));
	hdf_put(r->hdf, "Event.Currency", dbres_get(ev, 0, "currency"));
	hdf_put(r->hdf, "Page.Sub", "events");
	return ev;
}

/* One ticket row into HDF under `prefix`: code grouped, seat, money. */
static void
ticket_to_hdf(struct req *r, const struct dbres *res, size_t i, const char *prefix)
{
	HDF		*n;
	char		 buf[64];
	const char	*v;

	if (hdf_get_node(r->hdf, prefix, &n) != STATUS_OK)
		return;
	hdf_put(n, "Id", dbres_get(res, i, "id"));
	hdf_put(n, "Code", dbres_get(res, i, "code"));
	ticket_code_group(dbres_get(res, i, "code"), buf, sizeof(buf));
	hdf_put(n, "CodeShown", buf);
	/* a voided ticket (its event cancelled) is cancelled for the organiser */
	v = dbres_get(res, i, "status");
	hdf_put(n, "Status", strcmp(v, "voided") == 0 ? "cancelled" : v);
	hdf_put(n, "Category", dbres_get(res, i, "category"));
	format_money(dbres_int(res, i, "price"), buf, sizeof(buf));
	hdf_put(n, "Price", buf);
	hdf_put(n, "OrderId", dbres_get(res, i, "order_id"));
	hdf_put(n, "Name", dbres_get(res, i, "buyer_name"));
	hdf_put(n, "Email", dbres_get(res, i, "buyer_email"));
	if ((v = dbres_get(res, i, "buyer_phone")) != NULL)
		hdf_put(n, "Phone", v);
	if (dbres_get(res, i, "section") != NULL) {
		hdf_put(n, "Section", dbres_get(res, i, "section"));
		hdf_put(n, "Row", dbres_get(res, i, "row_label"));
		hdf_put(n, "Seat", dbres_get(res, i, "seat_label"));
	}
	if ((v = dbres_get(res, i, "checked_in_at")) != NULL) {
		format_local(db_time_parse(v), buf, sizeof(buf), "%d.%m.%Y %H:%M");
		hdf_put(n, "CheckedIn", buf);
	}
}

/* GET /organiser/events/{id}/orders?q=&status=&page= */
void
h_org_orders(struct req *r)
{
	struct dbres	*ev, *res = NULL;
	struct att_query q = { 0 };
	const char	*pg = req_query(r, "page");
	long long	 page = 1;
	char		 key[48];
	size_t		 i;
	enum dom_rc	 rc;

	if ((ev = att_event(r, req_param_id(r, 0))) == NULL)
		return;
	q.text = req_query(r, "q");
	q.status = req_query(r, "status");
	if (q.text != NULL && (strlen(q.text) > ATT_TEXT_MAX ||
	    !utf8_valid(q.text, strlen(q.text)))) {
		req_error(r, 422, "search_invalid");
		goto out;
	}
	if (pg != NULL && *pg != '\0' && (sscanf(pg, "%lld", &page) != 1 || page < 1 ||
	    page > 100000))
		page = 1;
	q.limit = ATT_PAGE + 1;	/* one more says there is a next page */
	q.offset = (page - 1) * ATT_PAGE;
	if ((rc = attendees_search(r->app->db, dbres_int(ev, 0, "id"), &q, &res)) != DOM_OK) {
		req_fail(r, rc, rc == DOM_INVALID ? "status_invalid" : NULL);
		goto out;
	}
	for (i = 0; i < res->nrows && i < ATT_PAGE; i++) {
		snprintf(key, sizeof(key), "Tickets.%zu", i);
		ticket_to_hdf(r, res, i, key);
	}
	if (q.text != NULL)
		hdf_put(r->hdf, "Form.q", q.text);
	if (q.status != NULL)
		hdf_put(r->hdf, "Form.status", q.status);
	hdf_put_int(r->hdf, "Pager.Page", (int)page);
	if (page > 1)
		hdf_put_int(r->hdf, "Pager.Prev", (int)page - 1);
	if (res->nrows > ATT_PAGE)
		hdf_put_int(r->hdf, "Pager.Next", (int)page + 1);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Day.orders_heading"));
	r->tpl = TPL_ORG_ORDERS;
out:
	dbres_free(res);
	dbres_free(ev);
}

/* The order's charges and refunds (domain/payments.c) as Payments.N. */
static void
order_history_fill(struct req *r, int64_t order)
{
	struct dbres	*p = NULL;
	char		 key[48], buf[64];
	size_t		 i;

	if (order_payments(r->app->db, order, &p) != DOM_OK) {
		dbres_free(p);
		return;
	}
	for (i = 0; i < p->nrows; i++) {
#define PK(f) (snprintf(key, sizeof(key), "Payments.%zu." f, i), key)
		hdf_put(r->hdf, PK("Kind"), dbres_get(p, i, "kind"));
		format_money(dbres_int(p, i, "amount"), buf, sizeof(buf));
		hdf_put(r->hdf, PK("Amount"), buf);
		hdf_put(r->hdf, PK("Currency"), dbres_get(p, i, "currency"));
		hdf_put(r->hdf, PK("Provider"), dbres_get(p, i, "provider"));
		hdf_put(r->hdf, PK("State"), dbres_get(p, i, "state"));
		if (dbres_get(p, i, "ref") != NULL)
			hdf_put(r->hdf, PK("Ref"), dbres_get(p, i, "ref"));
		if (dbres_get(p, i, "note") != NULL)
			hdf_put(r->hdf, PK("Note"), dbres_get(p, i, "note"));
		format_local(db_time_parse(dbres_get(p, i, "created_at")), buf, sizeof(buf),
		    "%d.%m.%Y %H:%M");
		hdf_put(r->hdf, PK("When"), buf);
#undef PK
	}
	hdf_put(r->hdf, "Order.PaymentsShown", "1");
	dbres_free(p);
}

/* GET /organiser/events/{id}/orders/{id} */
void
h_org_order(struct req *r)
{
	struct dbres	*ev, *o = NULL, *t = NULL;
	char		 key[48], buf[64];
	size_t		 i;
	enum dom_rc	 rc;

	if ((ev = att_event(r, req_param_id(r, 0))) == NULL)
		return;
	rc = attendees_order(r->app->db, dbres_int(ev, 0, "id"), req_param_id(r, 1), &o, &t);
	if (rc != DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	hdf_put(r->hdf, "Order.Id", dbres_get(o, 0, "id"));
	hdf_put(r->hdf, "Order.Name", dbres_get(o, 0, "buyer_name"));
	hdf_put(r->hdf, "Order.Email", dbres_get(o, 0, "buyer_email"));
	if (dbres_get(o, 0, "buyer_phone") != NULL)
		hdf_put(r->hdf, "Order.Phone", dbres_get(o, 0, "buyer_phone"));
	hdf_put(r->hdf, "Order.Status", dbres_get(o, 0, "status"));
	hdf_put(r->hdf, "Order.Guest", dbres_get(o, 0, "user_id") == NULL ? "1" : "0");
	format_money(dbres_int(o, 0, "total"), buf, sizeof(buf));
	hdf_put(r->hdf, "Order.Total", buf);
	hdf_put(r->hdf, "Order.Currency", dbres_get(o, 0, "currency"));
	format_local(db_time_parse(dbres_get(o, 0, "created_at")), buf, sizeof(buf),
	    "%d.%m.%Y %H:%M");
	hdf_put(r->hdf, "Order.Created", buf);
	for (i = 0; i < t->nrows; i++) {
		snprintf(key, sizeof(key), "Tickets.%zu", i);
		ticket_to_hdf(r, t, i, key);
		if (strcmp(dbres_get(t, i, "status"), "valid") == 0)
			hdf_put(r->hdf, "Order.AnyValid", "1");
	}
	order_history_fill(r, dbres_int(o, 0, "id"));
	snprintf(buf, sizeof(buf), "%s %s", req_lang_str(r, "Lang.Day.order_heading"),
	    dbres_get(o, 0, "id"));
	hdf_put(r->hdf, "Page.Title", buf);
	r->tpl = TPL_ORG_ORDER;
out:
	dbres_free(o);
	dbres_free(t);
	dbres_free(ev);
}

static void
back_to_order(struct req *r, int64_t ev, int64_t order, const char *flash)
{
	char *loc = xasprintf("/organiser/events/%lld/orders/%lld", (long long)ev,
	    (long long)order);

	req_flash(r, flash);
	req_redirect(r, loc);
	free(loc);
}

/*
 * POST /organiser/events/{id}/orders/{id}/cancel: the ticket named by the
 * form's `code`, or without one every valid ticket of the order.  409
 * when nothing could be cancelled (already cancelled, event over).
 */
void
h_org_order_cancel(struct req *r)
{
	struct dbres	*ev;
	const char	*code = req_form(r, "code"), *reason = NULL;
	int64_t		 id, order = req_param_id(r, 1), got = 0, n = 0;
	enum dom_rc	 rc;
	char		 what[64];

	if ((ev = att_event(r, req_param_id(r, 0))) == NULL)
		return;
	id = dbres_int(ev, 0, "id");
	dbres_free(ev);
	if (code != NULL && *code != '\0') {
		rc = attendees_cancel_ticket(r->app, id, code, &got, &reason);
		if (rc == DOM_OK && got != order) {
			/* the code is of another order of this event: still cancelled, say where */
			order = got;
		}
		n = rc == DOM_OK;
	} else
		rc = attendees_cancel_order(r->app, id, order, &n, &reason);
	if (rc != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	if (code != NULL && *code != '\0') {
		char norm[25];

		if (ticket_code_norm(code, norm) == 0)
			ticket_code_group(norm, what, sizeof(what));
		else
			snprintf(what, sizeof(what), "?");
		audit_note(r->app->db, r->user.id, id, 0, "ticket_cancel", order, what, "valid",
		    "cancelled");
	} else {
		snprintf(what, sizeof(what), "%lld", (long long)n);
		audit_note(r->app->db, r->user.id, id, 0, "order_cancel", order, what, "valid",
		    "cancelled");
	}
	back_to_order(r, id, order, n == 1 ? "day_ticket_cancelled" : "day_order_cancelled");
}

/* POST /organiser/events/{id}/orders/{id}/resend */
void
h_org_order_resend(struct req *r)
{
	struct dbres	*ev;
	const char	*reason = NULL;
	int64_t		 id, order = req_param_id(r, 1);
	enum dom_rc	 rc;

	if ((ev = att_event(r, req_param_id(r, 0))) == NULL)
		return;
	id = dbres_int(ev, 0, "id");
	dbres_free(ev);
	if ((rc = attendees_resend(r->app, id, order, &reason)) != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	back_to_order(r, id, order, "day_tickets_resent");
}

/* ---- exports ------------------------------------------------------------ */

/* Appends one CSV line of cells (NULL: empty) with CRLF. */
static void
csv_line(STRING *out, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *c = csv_cell(cells[i] != NULL ? cells[i] : "");

		if (i > 0)
			str_put(out, ",");
		str_put(out, c);
		free(c);
	}
	str_put(out, "\r\n");
}

static void
csv_answer(struct req *r, STRING *out, int64_t id, const char *what)
{
	char disp[96];

	r->raw = out->buf != NULL ? out->buf : xstrdup("");
	r->rawlen = out->len;
	r->raw_type = "text/csv; charset=utf-8";
	snprintf(disp, sizeof(disp), "attachment; filename=\"event-%lld-%s.csv\"",
	    (long long)id, what);
	req_header(r, "Content-Disposition", disp);
}

/* The byte order mark and the header line, in the organiser's language. */
static void
csv_head(struct req *r, STRING *out, const char *const *keys, size_t n)
{
	const char	*head[16];
	char		 lkey[48];
	size_t		 i;

	str_put(out, "\xef\xbb\xbf");
	for (i = 0; i < n && i < 16; i++) {
		snprintf(lkey, sizeof(lkey), "Lang.Day.%s", keys[i]);
		head[i] = req_lang_str(r, lkey);
	}
	csv_line(out, head, i);
}

/*
 * GET /organiser/events/{id}/attendees.csv: one ticket a line.  UTF-8 with
 * a byte order mark, RFC 4180, CRLF; a cell a spreadsheet would run as a
 * formula starts with ' (csv_cell), so a buyer named "=HYPERLINK(…)" is
 * only text.  Headers in the organiser's language.
 */
void
h_org_attendees_csv(struct req *r)
{
	struct dbres	*ev, *res = NULL;
	STRING		 out;
	char		 code[40], price[32], when[32], *seat;
	const char	*cells[9];
	static const char *const keys[9] = { "col_name", "col_email", "col_phone", "col_code",
	    "col_status", "col_category", "col_seat", "col_price", "col_checked_in" };
	size_t		 i;
	int64_t		 id;
	enum dom_rc	 rc;

	if ((ev = att_event(r, req_param_id(r, 0))) == NULL)
		return;
	id = dbres_int(ev, 0, "id");
	dbres_free(ev);
	if ((rc = attendees_export(r->app->db, id, &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	string_init(&out);
	csv_head(r, &out, keys, 9);
	for (i = 0; i < res->nrows; i++) {
		const char *st = dbres_get(res, i, "status");

		ticket_code_group(dbres_get(res, i, "code"), code, sizeof(code));
		format_money(dbres_int(res, i, "price"), price, sizeof(price));
		when[0] = '\0';
		/* sized to the labels (a section is up to 100 letters): never cut */
		seat = dbres_get(res, i, "section") == NULL ? xstrdup("") :
		    xasprintf("%s %s-%s", dbres_get(res, i, "section"),
		    dbres_get(res, i, "row_label"), dbres_get(res, i, "seat_label"));
		if (dbres_get(res, i, "checked_in_at") != NULL)
			format_local(db_time_parse(dbres_get(res, i, "checked_in_at")), when,
			    sizeof(when), "%Y-%m-%d %H:%M");
		cells[0] = dbres_get(res, i, "buyer_name");
		cells[1] = dbres_get(res, i, "buyer_email");
		cells[2] = dbres_get(res, i, "buyer_phone");
		cells[3] = code;
		cells[4] = strcmp(st, "voided") == 0 ? "cancelled" : st;
		cells[5] = dbres_get(res, i, "category");
		cells[6] = seat;
		cells[7] = price;
		cells[8] = when;
		csv_line(&out, cells, 9);
		free(seat);
	}
	dbres_free(res);
	csv_answer(r, &out, id, "attendees");
}

/* GET /organiser/events/{id}/orders.csv: one order a line, the same rules. */
void
h_org_orders_csv(struct req *r)
{
	struct dbres	*ev, *res = NULL;
	STRING		 out;
	char		 total[32], when[32];
	const char	*cells[8];
	static const char *const keys[8] = { "col_order", "col_date", "col_name", "col_email",
	    "col_phone", "col_status", "col_tickets", "col_total" };
	size_t		 i;
	int64_t		 id;
	enum dom_rc	 rc;

	if ((ev = att_event(r, req_param_id(r, 0))) == NULL)
		return;
	id = dbres_int(ev, 0, "id");
	dbres_free(ev);
	if ((rc = attendees_orders(r->app->db, id, &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	string_init(&out);
	csv_head(r, &out, keys, 8);
	for (i = 0; i < res->nrows; i++) {
		format_money(dbres_int(res, i, "total"), total, sizeof(total));
		format_local(db_time_parse(dbres_get(res, i, "created_at")), when, sizeof(when),
		    "%Y-%m-%d %H:%M");
		cells[0] = dbres_get(res, i, "id");
		cells[1] = when;
		cells[2] = dbres_get(res, i, "buyer_name");
		cells[3] = dbres_get(res, i, "buyer_email");
		cells[4] = dbres_get(res, i, "buyer_phone");
		cells[5] = dbres_get(res, i, "status");
		cells[6] = dbres_get(res, i, "live");
		cells[7] = total;
		csv_line(&out, cells, 8);
	}
	dbres_free(res);
	csv_answer(r, &out, id, "orders");
}

/* GET /organiser/events/{id}/guests: the printable list, by name, with seat and code. */
void
h_org_guest_list(struct req *r)
{
	struct dbres	*ev, *res = NULL;
	char		 key[48], buf[64];
	size_t		 i;
	enum dom_rc	 rc;

	if ((ev = att_event(r, req_param_id(r, 0))) == NULL)
		return;
	format_local(db_time_parse(dbres_get(ev, 0, "starts_at")), buf, sizeof(buf),
	    "%d.%m.%Y %H:%M");
	hdf_put(r->hdf, "Event.StartsLocal", buf);
	hdf_put(r->hdf, "Event.Venue", dbres_get(ev, 0, "venue_name"));
	if ((rc = attendees_guests(r->app->db, dbres_int(ev, 0, "id"), &res)) != DOM_OK) {
		req_fail(r, rc, NULL);
		goto out;
	}
	for (i = 0; i < res->nrows; i++) {
		snprintf(key, sizeof(key), "Tickets.%zu", i);
		ticket_to_hdf(r, res, i, key);
	}
	hdf_put_int(r->hdf, "Guests.Count", (int)res->nrows);
	hdf_put(r->hdf, "Page.Title", req_lang_str(r, "Lang.Day.guests_heading"));
	r->tpl = TPL_ORG_GUESTS;
out:
	dbres_free(res);
	dbres_free(ev);
}
