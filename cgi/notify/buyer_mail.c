/*
 * The buyer's mails.  The purchase confirmation carries one QR code PNG
 * per ticket (the ticket's URL, as on the ticket page) and the order as
 * one .ics.  The purchase's transaction only queues a job naming the
 * order (so a rolled-back sale sends nothing, and nothing slow runs while
 * the buyer's rows are locked); the job runner composes it from the
 * database on its first try and keeps the message for any retry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/stmt.h"
#include "lib/app.h"
#include "lib/codes.h"
#include "lib/conf.h"
#include "lib/mail.h"
#include "lib/qr.h"
#include "lib/render.h"
#include "lib/util.h"
#include "notify/buyer_mail.h"
#include "notify/notify.h"
#include "notify/outbox.h"
#include "notify/queue.h"

/* What a confirmation says, from the order's row */
struct purchase_mail {
	const char	*to, *name;	/* the buyer */
	const char	*event_name;
	time_t		 starts;
	json_t		*tickets;	/* the order's answer: [{code, seat: {section, row, seat} or null}] */
	const char	*guest_key;	/* a guest's signed value (their link), NULL for an account */
	const char	*venue, *address, *currency;	/* address NULL without a venue */
	int64_t		 total;		/* minor units, 0 for a free order */
	const char	*pay_ref;	/* the receipt: the provider's payment, or NULL */
	const struct dbres *prices;	/* STMT_TK_ORDER_MAIL_TICKETS: code, category, price */
};

/*
 * The parts of one purchase mail: n parts (each QR twice, inline and
 * attached, and the .ics), data[] owned (a slot per ticket, one spare for
 * the .ics).
 */
struct atts {
	struct mail_part *part;
	unsigned char	**data;
	size_t		  n, cap;
};

static void
atts_free(struct atts *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free((char *)a->part[i].filename);
		free((char *)a->part[i].cid);
	}
	for (i = 0; i < a->cap; i++)
		free(a->data[i]);
	free(a->part);
	free(a->data);
}

/* "Section, row 3, seat 12" in the mail's language */
static char *
seat_line(struct app *app, enum lang lang, const json_t *st)
{
	const char *row = site_str(app, lang, "Lang.Shop.row");
	const char *seat = site_str(app, lang, "Lang.Shop.seat");

	return xasprintf("%s, %s %s, %s %s", json_string_value(json_object_get(st, "section")),
	    row ? row : "row", json_string_value(json_object_get(st, "row")),
	    seat ? seat : "seat", json_string_value(json_object_get(st, "seat")));
}

/*
 * Mail.Tickets.i (code, link, seat, category, price) and the ticket's QR
 * code twice: shown inline by the HTML (cid:) and attached, for mail
 * programs that show neither well.
 */
static void
purchase_ticket(struct app *app, enum lang lang, HDF *m, size_t i, const json_t *t,
    const struct dbres *prices, struct atts *a)
{
	const char	*code = json_string_value(json_object_get(t, "code"));
	char		 key[64], grouped[32], money[64], *link, *sl, *cid;
	size_t		 plen = 0, k;

	for (k = 0; prices != NULL && k < prices->nrows; k++)
		if (strcmp(dbres_get(prices, k, "code"), code) == 0) {
			format_money(dbres_int(prices, k, "price"), money, sizeof(money));
			snprintf(key, sizeof(key), "Mail.Tickets.%zu.Price", i);
			hdf_put(m, key, money);
			snprintf(key, sizeof(key), "Mail.Tickets.%zu.Category", i);
			hdf_put(m, key, dbres_get(prices, k, "category"));
			if (dbres_get(prices, k, "category_name") != NULL) {
				snprintf(key, sizeof(key), "Mail.Tickets.%zu.CategoryName", i);
				hdf_put(m, key, dbres_get(prices, k, "category_name"));
			}
			break;
		}

	ticket_code_group(code, grouped, sizeof(grouped));
	link = xasprintf("%s/tickets/%s", conf_str(app->conf, "Site.BaseURL", ""), code);
	snprintf(key, sizeof(key), "Mail.Tickets.%zu.Code", i);
	hdf_put(m, key, grouped);
	snprintf(key, sizeof(key), "Mail.Tickets.%zu.Link", i);
	hdf_put(m, key, link);
	if (json_is_object(json_object_get(t, "seat"))) {
		sl = seat_line(app, lang, json_object_get(t, "seat"));
		snprintf(key, sizeof(key), "Mail.Tickets.%zu.Seat", i);
		hdf_put(m, key, sl);
		free(sl);
	}
	if ((a->data[i] = qr_png(link, &plen)) != NULL) {
		cid = xasprintf("qr-%s@kametay", code);
		snprintf(key, sizeof(key), "Mail.Tickets.%zu.Cid", i);
		hdf_put(m, key, cid);
		/* no file name: only shown, so mail programs do not list it twice */
		a->part[a->n].filename = NULL;
		a->part[a->n].ctype = "image/png";
		a->part[a->n].data = a->data[i];
		a->part[a->n].len = plen;
		a->part[a->n].cid = cid;	/* freed with the filenames (atts_free) */
		a->n++;
		a->part[a->n].filename = xasprintf("ticket-%s.png", code);
		a->part[a->n].ctype = "image/png";
		a->part[a->n].data = a->data[i];
		a->part[a->n].len = plen;
		a->n++;
	}
	free(link);
}

/* Where the buyer finds all their tickets: the account, or a guest's signed link. */
static char *
purchase_link(struct app *app, const char *guest_key)
{
	const char	*base = conf_str(app->conf, "Site.BaseURL", "");
	char		*esc = NULL, *link;
	NEOERR		*err;

	if (guest_key == NULL)
		return xasprintf("%s/account/tickets", base);
	if ((err = cgi_url_escape(guest_key, &esc)) != STATUS_OK) {
		klog_nerr("guest link", &err);
		esc = NULL;
	}
	link = xasprintf("%s/tickets/guest?k=%s", base, esc ? esc : "");
	free(esc);
	return link;
}

/* calendar.c: the order's tickets as one .ics, in the spare slot */
static void
purchase_ics(struct app *app, enum lang lang, int64_t order_id, struct atts *a)
{
	size_t	 ilen = 0;
	char	*ics = cal_ics_order(app, lang, order_id, &ilen);

	if (ics == NULL)
		return;
	a->data[a->cap - 1] = (unsigned char *)ics;
	a->part[a->n].filename = xasprintf("kametay-order-%lld.ics", (long long)order_id);
	a->part[a->n].ctype = "text/calendar; charset=utf-8; method=PUBLISH";
	a->part[a->n].data = (const unsigned char *)ics;
	a->part[a->n].len = ilen;
	a->n++;
}

/* The confirmation's text, HTML and attachments as one message; NULL after logging why. */
static char *
purchase_compose(struct app *app, enum lang lang, int64_t order_id,
    const struct purchase_mail *pm)
{
	HDF		*m = NULL;
	struct atts	 a = { 0 };
	size_t		 i;
	json_t		*t;
	char		 when[64], money[64], *link, *msg;
	NEOERR		*err;

	if ((err = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("mail", &err);
		return NULL;
	}
	format_local(pm->starts, when, sizeof(when), "%d.%m.%Y %H:%M");
	hdf_put(m, "Mail.Name", pm->name);
	hdf_put(m, "Mail.Event", pm->event_name);
	hdf_put(m, "Mail.When", when);
	hdf_put_int(m, "Mail.Order", (int)order_id);
	/* where and how much (issue 13): the venue, its address, the total */
	hdf_put(m, "Mail.Venue", pm->venue);
	hdf_put(m, "Mail.Address", pm->address);
	format_money(pm->total, money, sizeof(money));
	hdf_put(m, "Mail.Total", money);
	hdf_put(m, "Mail.Currency", pm->currency);
	/* the receipt, for money actually taken: what was paid and the provider's reference */
	if (pm->total > 0 && pm->pay_ref != NULL) {
		hdf_put(m, "Mail.Receipt.Amount", money);
		hdf_put(m, "Mail.Receipt.Currency", pm->currency);
		hdf_put(m, "Mail.Receipt.Ref", pm->pay_ref);
	}
	a.cap = json_array_size(pm->tickets) + 1;
	a.part = calloc(2 * a.cap, sizeof(*a.part));
	a.data = calloc(a.cap, sizeof(*a.data));
	if (a.part == NULL || a.data == NULL)
		abort();
	json_array_foreach(pm->tickets, i, t)
		purchase_ticket(app, lang, m, i, t, pm->prices, &a);
	link = purchase_link(app, pm->guest_key);
	hdf_put(m, "Mail.Link", link);
	free(link);
	purchase_ics(app, lang, order_id, &a);
	msg = mail_compose(app, lang, m, "purchase", "Lang.Mail.Purchase.Subject", pm->to,
	    a.part, a.n);
	atts_free(&a);
	hdf_destroy(&m);
	return msg;
}

enum db_rc
buyer_mail_purchase(struct app *app, int64_t order_id, const char *guest_key)
{
	json_t		*p;
	enum db_rc	 rc;

	p = guest_key != NULL ?
	    json_pack("{s:I, s:s}", "order_id", (json_int_t)order_id, "guest_key", guest_key) :
	    json_pack("{s:I}", "order_id", (json_int_t)order_id);
	if (p == NULL)
		return DB_ERR;
	rc = job_add(app->db, JOB_ORDER_MAIL, p, 0);
	json_decref(p);
	return rc;
}

enum db_rc
buyer_mail_order(struct app *app, int64_t order_id, const char *guest_key, char **to,
    char **msg)
{
	struct dbres		*o = NULL, *pr = NULL;
	struct purchase_mail	 pm;
	json_t			*ans = NULL;
	json_error_t		 je;
	enum db_rc		 rc;
	int			 lang;

	*to = *msg = NULL;
	if ((rc = db_query(app->db, STMT_TK_ORDER_MAIL, &o, "i", order_id)) != DB_OK)
		goto out;
	rc = DB_ERR;
	if (o->nrows != 1 || dbres_get(o, 0, "answer") == NULL ||
	    (ans = json_loads(dbres_get(o, 0, "answer"), 0, &je)) == NULL) {
		klog("order %lld: no order or answer to mail", (long long)order_id);
		goto out;
	}
	/* the answer's tickets are the buyer's: the same codes, seats and order */
	if ((lang = lang_parse(dbres_get(o, 0, "lang"))) < 0)
		lang = 0;
	dbres_localise_row(o, 0, lang_codes[lang]);	/* the event's name in the buyer's language */
	pm.to = dbres_get(o, 0, "buyer_email");
	pm.name = dbres_get(o, 0, "buyer_name");
	pm.event_name = dbres_get(o, 0, "event_name");
	pm.starts = db_time_parse(dbres_get(o, 0, "starts_at"));
	pm.tickets = json_object_get(ans, "tickets");
	pm.guest_key = guest_key;
	pm.pay_ref = dbres_get(o, 0, "pay_ref");
	pm.venue = dbres_get(o, 0, "venue_name");
	pm.address = dbres_get(o, 0, "venue_address");
	pm.currency = dbres_get(o, 0, "currency");
	pm.total = dbres_int(o, 0, "total");
	if ((rc = db_query(app->db, STMT_TK_ORDER_MAIL_TICKETS, &pr, "i", order_id)) != DB_OK)
		goto out;
	dbres_localise(pr, lang_codes[lang]);	/* the categories' names, the buyer's too */
	rc = DB_ERR;
	pm.prices = pr;
	if (!json_is_array(pm.tickets)) {
		klog("order %lld: its answer has no tickets", (long long)order_id);
		goto out;
	}
	if ((*msg = purchase_compose(app, (enum lang)lang, order_id, &pm)) == NULL)
		goto out;
	*to = xstrdup(pm.to);
	rc = DB_OK;
out:
	json_decref(ans);
	dbres_free(pr);
	dbres_free(o);
	return rc;
}

enum db_rc
buyer_mail_waitlist_offer(struct app *app, enum lang lang, const char *to,
    const char *first_name, const char *event_name, time_t starts, int hours,
    const char *cart)
{
	HDF		*m = NULL;
	char		*link, when[64];
	enum db_rc	 rc;
	NEOERR		*err;

	if ((err = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("mail", &err);
		return DB_ERR;
	}
	link = xasprintf("%s/waitlist/claim?token=%s", conf_str(app->conf, "Site.BaseURL", ""),
	    cart);
	format_local(starts, when, sizeof(when), "%d.%m.%Y %H:%M");
	hdf_put(m, "Mail.Name", first_name);
	hdf_put(m, "Mail.Event", event_name);
	hdf_put(m, "Mail.When", when);
	hdf_put_int(m, "Mail.Hours", hours);
	hdf_put(m, "Mail.Link", link);
	rc = mail_compose_queue(app, lang, m, "waitlist_offer", "Lang.Mail.WaitlistOffer.Subject",
	    to);
	free(link);
	hdf_destroy(&m);
	return rc;
}

enum db_rc
buyer_mail_guest_link(struct app *app, enum lang lang, const char *to, const char *key)
{
	HDF		*m = NULL;
	char		*esc = NULL, *link;
	enum db_rc	 rc = DB_ERR;
	NEOERR		*err;

	if ((err = hdf_init(&m)) != STATUS_OK) {
		klog_nerr("mail", &err);
		return DB_ERR;
	}
	if ((err = cgi_url_escape(key, &esc)) != STATUS_OK)
		klog_nerr("guest link", &err);
	else {
		link = xasprintf("%s/tickets/guest?k=%s", conf_str(app->conf, "Site.BaseURL", ""),
		    esc);
		hdf_put(m, "Mail.Link", link);
		rc = mail_compose_queue(app, lang, m, "guest_link", "Lang.Mail.GuestLink.Subject",
		    to);
		free(link);
	}
	free(esc);
	hdf_destroy(&m);
	return rc;
}
