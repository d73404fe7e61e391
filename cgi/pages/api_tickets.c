/*
 * The buyer's JSON API: purchase, the seat map, my tickets, cancel and
 * change seat.  The buying itself is in domain/orders.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "db/stmt.h"
#include "domain/result.h"
#include "domain/tickets.h"
#include "lib/app.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

/*
 * What the purchase body asks for: {quantity} or {seats: [ids]} (repeated
 * ids count once).  NULL, or the reason it is invalid (422).
 */
static const char *
purchase_what(const json_t *jin, int64_t *seats, size_t *n, int64_t *qty)
{
	json_t	*jseats = json_object_get(jin, "seats");
	json_t	*jq = json_object_get(jin, "quantity");
	json_t	*v;
	size_t	 i, k;

	if ((jseats == NULL) == (jq == NULL))
		return "purchase_what";
	if (jq != NULL) {
		if (!json_is_integer(jq) || json_integer_value(jq) < 1 ||
		    json_integer_value(jq) > 50)
			return "quantity_invalid";
		*qty = json_integer_value(jq);
		return NULL;
	}
	if (!json_is_array(jseats) || json_array_size(jseats) == 0 ||
	    json_array_size(jseats) > MAX_SEATS_PER_ORDER)
		return "seats_invalid";
	json_array_foreach(jseats, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return "seats_invalid";
		for (k = 0; k < *n; k++)
			if (seats[k] == json_integer_value(v))
				break;
		if (k == *n)
			seats[(*n)++] = json_integer_value(v);
	}
	return NULL;
}

/* The Idempotency-Key header: NULL when absent, *bad when unusable (400); caller frees. */
static char *
idempotency_key(struct req *r, int *bad)
{
	char *idem = req_env(r, "HTTP_IDEMPOTENCY_KEY");

	*bad = idem != NULL && (strlen(idem) == 0 || strlen(idem) > 100 ||
	    !utf8_valid(idem, strlen(idem)));
	return idem;
}

/*
 * POST /api/events/{id}/purchase/  {quantity} or {seats: [ids]}
 * → 201 {order_id, tickets: [{code, seat}]}; 409 sold_out / seat_taken;
 * 422 limit_exceeded; 403 email_not_verified (the route gate).
 */
void
h_api_purchase(struct req *r)
{
	struct dbres	*ev = NULL;
	struct buyer	 b;
	int64_t		 seats[MAX_SEATS_PER_ORDER], qty = 0;
	size_t		 n = 0;
	char		*idem = NULL;
	const char	*reason;
	json_t		*answer = NULL;
	enum dom_rc	 rc;
	int		 bad;

	if ((reason = purchase_what(r->jin, seats, &n, &qty)) != NULL) {
		req_fail(r, DOM_INVALID, reason);
		return;
	}
	if ((rc = sale_event(r->app->db, req_param_id(r, 0), &ev)) != DOM_OK) {
		req_fail(r, rc, NULL);
		return;
	}
	if ((reason = sale_mismatch(ev, n, qty)) != NULL) {
		req_fail(r, DOM_INVALID, reason);
		goto out;
	}
	if ((idem = idempotency_key(r, &bad)) != NULL && bad) {
		req_error(r, 400, "idempotency_key_invalid");
		goto out;
	}
	b.user_id = r->user.id;
	b.email = r->user.email;
	b.name = r->user.first_name;
	b.phone = NULL;
	b.lang = lang_parse(r->user.lang) >= 0 ? (enum lang)lang_parse(r->user.lang) : r->lang;
	rc = sale_purchase(r->app, ev, &b, seats, n, qty, idem,
	    json_string_value(json_object_get(r->jin, "payment_token")), &answer, &reason);
	if (rc == DOM_OK)
		req_json(r, 201, answer);
	else
		req_fail(r, rc, reason);
out:
	free(idem);
	dbres_free(ev);
}

/* The seat map's JSON answered with an ETag; 304 when the client has it. */
static void
seats_answer(struct req *r, json_t *body)
{
	char		*js = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	unsigned char	 h[32];
	char		 etag[72], hex[65], *inm = req_env(r, "HTTP_IF_NONE_MATCH");

	sha256(js ? js : "", js ? strlen(js) : 0, h);
	hex_encode(h, 12, hex);
	snprintf(etag, sizeof(etag), "\"%s\"", hex);
	req_header(r, "ETag", etag);
	if (inm != NULL && strstr(inm, etag) != NULL) {
		json_decref(body);
		r->status = 304;
		r->raw = xstrdup("");
		r->rawlen = 0;
		r->raw_type = NULL;
	} else
		req_json(r, 200, body);
	free(inm);
	free(js);
}

/* GET /api/events/{id}/seats/ → {seats: [{id, label, row, section, x, y, price, status}]} */
void
h_api_seats(struct req *r)
{
	struct dbres	*ev = NULL, *res = NULL;
	json_t		*list;
	size_t		 i;
	enum dom_rc	 drc;
	enum db_rc	 rc;
	const char	*cart = req_cookie_get(r, "cart");

	if ((drc = sale_event(r->app->db, req_param_id(r, 0), &ev)) != DOM_OK) {
		req_fail(r, drc, NULL);
		return;
	}
	rc = db_query(r->app->db, STMT_TK_SEATS, &res, "si", cart ? cart : "",
	    dbres_int(ev, 0, "id"));
	dbres_free(ev);
	if (rc != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	list = json_array();
	for (i = 0; i < res->nrows; i++) {
		char *label = xasprintf("%s %s-%s", dbres_get(res, i, "section"),
		    dbres_get(res, i, "row_label"), dbres_get(res, i, "seat_label"));

		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:o, s:s, s:b}",
		    "id", (json_int_t)dbres_int(res, i, "id"),
		    "label", label,
		    "row", dbres_get(res, i, "row_label"),
		    "seat", dbres_get(res, i, "seat_label"),
		    "section", dbres_get(res, i, "section"),
		    "x", (json_int_t)dbres_int(res, i, "x"),
		    "y", (json_int_t)dbres_int(res, i, "y"),
		    "category", dbres_get(res, i, "category"),
		    "price", dbres_get(res, i, "price") ?
		        json_integer(dbres_int(res, i, "price")) : json_null(),
		    "status", dbres_get(res, i, "status"),
		    "mine", (int)dbres_int(res, i, "mine")));
		free(label);
	}
	dbres_free(res);
	seats_answer(r, json_pack("{s:o}", "seats", list));
}

/* POST /api/tickets/{code}/cancel/ → {code, status: "cancelled"} */
void
h_api_ticket_cancel(struct req *r)
{
	const char	*reason;
	enum dom_rc	 rc;

	if ((rc = ticket_cancel(r->app, r->user.id, r->params[0], &reason)) != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	req_json(r, 200, json_pack("{s:s, s:s}", "code", r->params[0], "status", "cancelled"));
}

/* POST /api/tickets/{code}/change-seat/ {seat} → {code, seat} */
void
h_api_ticket_change_seat(struct req *r)
{
	json_t		*v = json_object_get(r->jin, "seat");
	const char	*reason;
	enum dom_rc	 rc;

	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		req_fail(r, DOM_INVALID, "seats_invalid");
		return;
	}
	rc = ticket_change_seat(r->app, r->user.id, r->params[0], json_integer_value(v), &reason);
	if (rc != DOM_OK) {
		req_fail(r, rc, reason);
		return;
	}
	req_json(r, 200, json_pack("{s:s, s:I}", "code", r->params[0], "seat",
	    (json_int_t)json_integer_value(v)));
}

/* GET /api/me/tickets/ → {tickets: [{code, event_id, seat, status}]} */
void
h_api_my_tickets(struct req *r)
{
	struct dbres	*res = NULL;
	enum db_rc	 rc;
	json_t		*list;
	size_t		 i;

	rc = db_query(r->app->db, STMT_TK_MY_TICKETS, &res, "i", r->user.id);
	if (rc != DB_OK) {
		req_db_error(r, rc);
		return;
	}
	list = json_array();
	for (i = 0; i < res->nrows; i++) {
		json_t *seat = json_null();

		if (dbres_get(res, i, "seat_id") != NULL)
			seat = json_pack("{s:I, s:s, s:s, s:s}",
			    "id", (json_int_t)dbres_int(res, i, "seat_id"),
			    "section", dbres_get(res, i, "section"),
			    "row", dbres_get(res, i, "row_label"),
			    "seat", dbres_get(res, i, "seat_label"));
		json_array_append_new(list, json_pack("{s:s, s:I, s:o, s:s, s:s, s:s}",
		    "code", dbres_get(res, i, "code"),
		    "event_id", (json_int_t)dbres_int(res, i, "event_id"),
		    "seat", seat,
		    "status", dbres_get(res, i, "status"),
		    "event_name", dbres_get(res, i, "event_name"),
		    "category", dbres_get(res, i, "category")));
	}
	dbres_free(res);
	req_json(r, 200, json_pack("{s:o}", "tickets", list));
}
