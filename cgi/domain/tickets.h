/*
 * domain/tickets.c: a holder's changes to a ticket (cancel, another seat).
 * Also brings in the rest of buying — holds, orders, guests and the
 * waiting list — for the files that include this header.
 */
#ifndef KT_DOMAIN_TICKETS_H
#define KT_DOMAIN_TICKETS_H

#include <stdint.h>

#include "db/db.h"
#include "domain/guests.h"
#include "domain/holds.h"
#include "domain/orders.h"
#include "domain/result.h"
#include "domain/waitlist.h"
#include "lib/app.h"
#include "lib/codes.h"

/*
 * Cancels the holder's ticket for a future event: the place is free at
 * once (offered to the waiting list) and the counts go back.  The holder
 * is the account user_id, or for a guest order the address `guest` that
 * the mailed link proved (NULL: none).  DOM_NOT_FOUND also for someone
 * else's ticket (codes are secrets); DOM_CONFLICT ticket_not_valid,
 * event_closed.
 */
enum dom_rc ticket_cancel(struct app *, int64_t user_id, const char *guest, const char *code,
	     const char **reason);
/*
 * The same for the event's organisers (domain/attendees.c): a valid
 * ticket of event `event`, whoever holds it; *order is its order.
 */
enum dom_rc ticket_cancel_for_event(struct app *, int64_t event, const char *code,
	     int64_t *order, const char **reason);
/*
 * Moves the holder's ticket (as ticket_cancel's) to another free seat of
 * the same category: DOM_CONFLICT ticket_not_valid, seat_taken,
 * seat_unavailable; DOM_NOT_FOUND.
 */
enum dom_rc ticket_change_seat(struct app *, int64_t user_id, const char *guest,
	     const char *code, int64_t seat, const char **reason);

#endif
