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
#include "domain/payments.h"
#include "domain/result.h"
#include "domain/tickets.h"
#include "lib/app.h"
#include "lib/render.h"
#include "lib/util.h"
#include "pages/pages.h"

/*
 * CONTRACT §3: a paid event under a hosted provider answers 201 with the
 * order pending_payment and the payment_url to send the buyer to (null
 * when the provider did not answer in time: POST /cart/orders/{id}/pay
 * tries again).  The checkout is created after the order's commit.
 */
static void
api_payment_url(struct req *r, json_t *answer)
{
	const char	*st = json_string_value(json_object_get(answer, "status"));
	const char	*reason;
	char		*url = NULL;

	if (st == NULL || strcmp(st, "pending_payment") != 0)
		return;
	if (order_pay_start(r->app, json_integer_value(json_object_get(answer, "order_id")), &url,
	    &reason) == DOM_OK) {
		json_object_set_new(answer, "payment_url", json_string(url));
		free(url);
	} else
		json_object_set_new(answer, "payment_url", json_null());
}

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
	if (rc == DOM_OK) {
		api_payment_url(r, answer);
		req_json(r, 201, answer);
	} else
		req_fail(r, rc, reason);
out:
	free(idem);
	dbres_free(ev);
}

/*
 * The seat maps this worker built last, with no buyer's "mine" in them,
 * each keyed on (event, version, holds run out but not swept, language):
 * together these name one state of the map (schema/009) as one language
 * reads it (section names, schema/065).  Bounded: SEATMAP_KEEP
 * bodies, the least recently used one goes.  A body is only ever served
 * under its own key, so a stale one is never answered.
 */
#define SEATMAP_KEEP	4
struct seatmap {
	int64_t		 event, version, expired;
	int		 lang;		/* section names are in it (enum lang) */
	char		*body;
	size_t		 len;
	int64_t		*ids;		/* each seat's id, in body order */
	size_t		*mine;		/* where each seat's "mine":false value starts */
	size_t		 n;
	unsigned long	 used;
};
static struct seatmap	seatmaps[SEATMAP_KEEP];
static unsigned long	seatmap_tick;

/* The answer's ETag for that state of the map as cart sees it. */
static void
seatmap_etag(char *etag, size_t sz, int64_t ev, int lang, int64_t version, int64_t expired,
    const char *cart)
{
	unsigned char	 h[32];
	char		 hex[17];

	if (cart == NULL || *cart == '\0') {
		snprintf(etag, sz, "\"m%lld-%s-%lld-%lld\"", (long long)ev, lang_codes[lang],
		    (long long)version, (long long)expired);
		return;
	}
	sha256(cart, strlen(cart), h);
	hex_encode(h, 8, hex);
	snprintf(etag, sz, "\"m%lld-%s-%lld-%lld-%s\"", (long long)ev, lang_codes[lang],
	    (long long)version, (long long)expired, hex);
}

/*
 * Builds the map from STMT_TK_SEATS (run with no cart) into m, the bytes
 * jansson's dump of the same objects gave: {"seats":[{id, label, row,
 * seat, section, x, y, category, price, status, mine}]}.  -1 when out of
 * memory.  (category_name, schema/065, is an addition to the contract's fields.)
 */
static int
seatmap_build(struct seatmap *m, const struct dbres *res)
{
	STRING	 out;
	size_t	 i;
	char	*label;

	string_init(&out);
	m->n = res->nrows;
	m->ids = calloc(m->n ? m->n : 1, sizeof(*m->ids));
	m->mine = calloc(m->n ? m->n : 1, sizeof(*m->mine));
	if (m->ids == NULL || m->mine == NULL)
		goto fail;
	str_put(&out, "{\"seats\":[");
	for (i = 0; i < res->nrows; i++) {
		m->ids[i] = dbres_int(res, i, "id");
		label = xasprintf("%s %s-%s", dbres_get(res, i, "section"),
		    dbres_get(res, i, "row_label"), dbres_get(res, i, "seat_label"));
		str_putf(&out, "%s{\"id\":%lld,\"label\":", i ? "," : "",
		    (long long)m->ids[i]);
		str_put_json(&out, label);
		free(label);
		str_put(&out, ",\"row\":");
		str_put_json(&out, dbres_get(res, i, "row_label"));
		str_put(&out, ",\"seat\":");
		str_put_json(&out, dbres_get(res, i, "seat_label"));
		str_put(&out, ",\"section\":");
		str_put_json(&out, dbres_get(res, i, "section"));
		str_putf(&out, ",\"x\":%lld,\"y\":%lld,\"category\":",
		    (long long)dbres_int(res, i, "x"), (long long)dbres_int(res, i, "y"));
		str_put_json(&out, dbres_get(res, i, "category"));
		/* its name at the venue in the reader's language, null when it has none */
		str_put(&out, ",\"category_name\":");
		if (dbres_get(res, i, "category_name") != NULL)
			str_put_json(&out, dbres_get(res, i, "category_name"));
		else
			str_put(&out, "null");
		if (dbres_get(res, i, "price") != NULL)
			str_putf(&out, ",\"price\":%lld,\"status\":",
			    (long long)dbres_int(res, i, "price"));
		else
			str_put(&out, ",\"price\":null,\"status\":");
		str_put_json(&out, dbres_get(res, i, "status"));
		str_put(&out, ",\"mine\":");
		m->mine[i] = out.len;
		str_put(&out, "false}");
	}
	str_put(&out, "]}");
	if (out.buf == NULL)
		goto fail;
	m->body = out.buf;
	m->len = out.len;
	return 0;
fail:
	string_clear(&out);
	free(m->ids);
	free(m->mine);
	m->ids = NULL;
	m->mine = NULL;
	return -1;
}

/*
 * The cached map for that key, built when this worker has none: NULL with
 * *rc set when the database fails, or out of memory (DB_ERR).  The key
 * is the one the seats' statement itself saw, which may be newer than
 * the one asked for: *version and *expired are updated to it.
 */
static struct seatmap *
seatmap_get(struct db *db, int64_t ev, int lang, int64_t *version, int64_t *expired,
    enum db_rc *rc)
{
	struct dbres	*res = NULL;
	struct seatmap	*m, *old = &seatmaps[0];
	size_t		 i;

	for (i = 0; i < SEATMAP_KEEP; i++) {
		m = &seatmaps[i];
		if (m->body != NULL && m->event == ev && m->lang == lang &&
		    m->version == *version && m->expired == *expired) {
			m->used = ++seatmap_tick;
			return m;
		}
		if (m->used < old->used)
			old = m;
	}
	if ((*rc = db_query(db, STMT_TK_SEATS, &res, "si", "", ev)) != DB_OK)
		return NULL;
	if (res->nrows > 0) {
		*version = dbres_int(res, 0, "seatmap_version");
		*expired = dbres_int(res, 0, "expired");
	}
	free(old->body);
	free(old->ids);
	free(old->mine);
	memset(old, 0, sizeof(*old));
	if (seatmap_build(old, res) != 0) {
		dbres_free(res);
		*rc = DB_ERR;
		return NULL;
	}
	dbres_free(res);
	old->event = ev;
	old->lang = lang;
	old->version = *version;
	old->expired = *expired;
	old->used = ++seatmap_tick;
	return old;
}

/* m's body with "mine" true for the seats cart holds, as the raw answer of r. */
static enum db_rc
seatmap_answer(struct req *r, const struct seatmap *m, const char *cart, int64_t ev)
{
	struct dbres	*mine = NULL;
	STRING		 out;
	size_t		 i, k, at = 0;
	enum db_rc	 rc;
	int		 held;

	if (cart == NULL || *cart == '\0') {
		r->raw = xstrdup(m->body);
		r->rawlen = m->len;
		r->raw_type = "application/json";
		return DB_OK;
	}
	if ((rc = db_query(r->app->db, STMT_TK_SEATS_MINE, &mine, "si", cart, ev)) != DB_OK)
		return rc;
	string_init(&out);
	for (i = 0; i < m->n; i++) {
		for (held = 0, k = 0; !held && k < mine->nrows; k++)
			held = dbres_int(mine, k, "seat_id") == m->ids[i];
		if (!held)
			continue;
		str_putn(&out, m->body + at, (int)(m->mine[i] - at));
		str_put(&out, "true");
		at = m->mine[i] + strlen("false");
	}
	str_putn(&out, m->body + at, (int)(m->len - at));
	dbres_free(mine);
	if (out.buf == NULL)
		return DB_ERR;
	r->raw = out.buf;
	r->rawlen = out.len;
	r->raw_type = "application/json";
	return DB_OK;
}

/*
 * GET /api/events/{id}/seats/ → {seats: [{id, label, row, section, x, y,
 * price, status, mine}]} with an ETag from the map's version: 304 after one
 * read of the event's row when the client has it; 404 for no such event.
 */
void
h_api_seats(struct req *r)
{
	struct dbres	*tag = NULL;
	struct seatmap	*m;
	int64_t		 ev = req_param_id(r, 0), version, expired;
	const char	*cart = req_cookie_get(r, "cart");
	char		 etag[96], *inm = NULL;
	enum db_rc	 rc;

	if ((rc = db_query(r->app->db, STMT_TK_SEATMAP_TAG, &tag, "i", ev)) != DB_OK) {
		req_db_error(r, rc);
		goto out;
	}
	if (tag->nrows == 0 || strcmp(dbres_get(tag, 0, "status"), "draft") == 0) {
		req_fail(r, DOM_NOT_FOUND, NULL);
		goto out;
	}
	version = dbres_int(tag, 0, "seatmap_version");
	expired = dbres_int(tag, 0, "expired");
	seatmap_etag(etag, sizeof(etag), ev, (int)r->lang, version, expired, cart);
	/* one URL, an answer per language: caches keep them apart */
	req_header(r, "Vary", "Accept-Language, Cookie");
	if ((inm = req_env(r, "HTTP_IF_NONE_MATCH")) != NULL && strstr(inm, etag) != NULL) {
		req_header(r, "ETag", etag);
		r->status = 304;
		r->raw = xstrdup("");
		r->rawlen = 0;
		r->raw_type = NULL;
		goto out;
	}
	if ((m = seatmap_get(r->app->db, ev, (int)r->lang, &version, &expired, &rc)) == NULL ||
	    (rc = seatmap_answer(r, m, cart, ev)) != DB_OK) {
		req_db_error(r, rc);
		goto out;
	}
	seatmap_etag(etag, sizeof(etag), ev, (int)r->lang, version, expired, cart);
	req_header(r, "ETag", etag);
	r->status = 200;
out:
	free(inm);
	dbres_free(tag);
}

/* POST /api/tickets/{code}/cancel/ → {code, status: "cancelled"} */
void
h_api_ticket_cancel(struct req *r)
{
	const char	*reason;
	enum dom_rc	 rc;

	if ((rc = ticket_cancel(r->app, r->user.id, NULL, r->params[0], &reason)) != DOM_OK) {
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
	rc = ticket_change_seat(r->app, r->user.id, NULL, r->params[0], json_integer_value(v),
	    &reason);
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

/*
 * GET /api/orders/{id}/: the buyer's own order with its payment state
 * (CONTRACT §3): 404 for anyone else's.  A pending order carries the
 * payment_url of its current checkout; tickets only once paid.
 */
void
h_api_order(struct req *r)
{
	struct dbres	*o = NULL;
	int64_t		 id = req_param_id(r, 0);
	json_t		*ans = NULL, *out, *tk;
	json_error_t	 je;
	const char	*st;

	if (id <= 0 || db_query(r->app->db, STMT_TK_ORDER_GET, &o, "i", id) != DB_OK ||
	    o->nrows == 0 || dbres_get(o, 0, "user_id") == NULL ||
	    dbres_int(o, 0, "user_id") != r->user.id) {
		dbres_free(o);
		req_api_error(r, 404, "not_found");
		return;
	}
	st = dbres_get(o, 0, "status");
	if (dbres_get(o, 0, "answer") != NULL)
		ans = json_loads(dbres_get(o, 0, "answer"), 0, &je);
	tk = json_object_get(ans, "tickets");
	tk = json_is_array(tk) ? json_incref(tk) : json_array();
	out = json_pack("{s:I, s:I, s:s, s:I, s:s, s:I, s:o}", "id", (json_int_t)id, "event_id",
	    (json_int_t)dbres_int(o, 0, "event_id"), "status", st, "total",
	    (json_int_t)dbres_int(o, 0, "total"), "currency", dbres_get(o, 0, "currency"),
	    "refunded", (json_int_t)dbres_int(o, 0, "refunded"), "tickets", tk);
	if (out != NULL) {
		json_object_set_new(out, "payment_ref", dbres_get(o, 0, "pay_ref") != NULL ?
		    json_string(dbres_get(o, 0, "pay_ref")) : json_null());
		json_object_set_new(out, "payment_url", strcmp(st, "pending_payment") == 0 &&
		    dbres_get(o, 0, "pay_url") != NULL ? json_string(dbres_get(o, 0, "pay_url")) :
		    json_null());
	}
	json_decref(ans);
	dbres_free(o);
	if (out == NULL)
		req_api_error(r, 500, "server_error");
	else
		req_json(r, 200, out);
}
