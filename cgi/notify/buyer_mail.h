/*
 * notify/buyer_mail.c: the mails a buyer gets — the purchase confirmation
 * (tickets with QR codes and the order's .ics), the waiting list's offer
 * and the guest's link to their tickets.  Each is queued in the caller's
 * transaction; the confirmation is composed later, by the job runner.
 */
#ifndef KT_NOTIFY_BUYER_MAIL_H
#define KT_NOTIFY_BUYER_MAIL_H

#include <stdint.h>
#include <time.h>

#include "db/db.h"
#include "lib/app.h"
#include "lib/render.h"

/*
 * Queues the confirmation of an order in the purchase's transaction: a
 * job naming the order (and a guest's signed key, NULL for an account).
 */
enum db_rc buyer_mail_purchase(struct app *, int64_t order_id, const char *guest_key);
/*
 * Composes that confirmation from the database (the order, its answer's
 * tickets, the event, the .ics): DB_OK with *to and *msg, the caller's to
 * free, else a database code or DB_ERR.  The job runner's.
 */
enum db_rc buyer_mail_order(struct app *, int64_t order_id, const char *guest_key, char **to,
	     char **msg);
/* The offer of a freed place: the link claims the hold kept under `cart`. */
enum db_rc buyer_mail_waitlist_offer(struct app *, enum lang, const char *to,
	     const char *first_name, const char *event_name, time_t starts, int hours,
	     const char *cart);
/* The one-hour link to a guest's tickets; `key` is the signed value. */
enum db_rc buyer_mail_guest_link(struct app *, enum lang, const char *to, const char *key);

#endif
