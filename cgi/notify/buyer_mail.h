/*
 * notify/buyer_mail.c: the mails a buyer gets — the purchase confirmation
 * (tickets with QR codes and the order's .ics), the waiting list's offer
 * and the guest's link to their tickets.  Each is composed and queued in
 * the caller's transaction.
 */
#ifndef KT_NOTIFY_BUYER_MAIL_H
#define KT_NOTIFY_BUYER_MAIL_H

#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "db/db.h"
#include "lib/app.h"
#include "lib/render.h"

struct purchase_mail {
	const char	*to, *name;	/* the buyer */
	const char	*event_name;
	time_t		 starts;
	json_t		*tickets;	/* the order's answer: [{code, seat: {section, row, seat} or null}] */
	const char	*guest_key;	/* a guest's signed value (their link), NULL for an account */
};

enum db_rc buyer_mail_purchase(struct app *, enum lang, int64_t order_id,
	     const struct purchase_mail *);
/* The offer of a freed place: the link claims the hold kept under `cart`. */
enum db_rc buyer_mail_waitlist_offer(struct app *, enum lang, const char *to,
	     const char *first_name, const char *event_name, time_t starts, int hours,
	     const char *cart);
/* The one-hour link to a guest's tickets; `key` is the signed value. */
enum db_rc buyer_mail_guest_link(struct app *, enum lang, const char *to, const char *key);

#endif
