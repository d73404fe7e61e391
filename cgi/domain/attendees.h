/*
 * domain/attendees.c: an event's orders and attendees for the people who
 * manage it — search, one order, cancelling for a buyer, resending the
 * tickets, and the rows of the exports and the printable guest list.
 */
#ifndef KT_DOMAIN_ATTENDEES_H
#define KT_DOMAIN_ATTENDEES_H

#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"

/*
 * Who may see an event's buyers: its managers (owner, co-organisers,
 * admins).  Door staff get DOM_FORBIDDEN — they see only what check-in
 * needs — and anyone else DOM_NOT_FOUND, as if the event did not exist.
 */
enum dom_rc attendees_allowed(struct db *, const struct user *, int64_t event);

/* A search of an event's tickets. */
struct att_query {
	const char	*text;		/* name, email, phone or a ticket code; NULL or "": all */
	const char	*status;	/* "valid", "used", "cancelled" (voided too), NULL: all */
	int64_t		 limit, offset;
};
/*
 * The event's tickets with their buyers (STMT_ATT_SEARCH rows), by buyer
 * name; DOM_INVALID "status_invalid" for an unknown status.
 */
enum dom_rc attendees_search(struct db *, int64_t event, const struct att_query *,
	     struct dbres **res);
/* One order of the event and its tickets; DOM_NOT_FOUND for another event's. */
enum dom_rc attendees_order(struct db *, int64_t event, int64_t order, struct dbres **o,
	     struct dbres **tickets);
/*
 * Cancels one valid ticket of the event (by code) for its buyer, as the
 * holder's own cancel does: the place comes back, the waiting list is
 * offered it and the holder is mailed in their language (notify_ticket).
 * DOM_CONFLICT ticket_not_valid or event_closed; DOM_NOT_FOUND.
 */
enum dom_rc attendees_cancel_ticket(struct app *, int64_t event, const char *code,
	     int64_t *order, const char **reason);
/* Every valid ticket of the order, so; *n how many were cancelled. */
enum dom_rc attendees_cancel_order(struct app *, int64_t event, int64_t order, int64_t *n,
	     const char **reason);
/*
 * Mails the order's valid tickets again (buyer_mail_purchase) to the
 * buyer's address in their language.  DOM_CONFLICT "no_valid_tickets".
 */
enum dom_rc attendees_resend(struct app *, int64_t event, int64_t order, const char **reason);
/* Exports: the event's tickets (STMT_ATT_EXPORT) and orders (STMT_ATT_ORDERS). */
enum dom_rc attendees_export(struct db *, int64_t event, struct dbres **res);
enum dom_rc attendees_orders(struct db *, int64_t event, struct dbres **res);
/* The guest list: valid and used tickets by name (STMT_ATT_GUESTS). */
enum dom_rc attendees_guests(struct db *, int64_t event, struct dbres **res);

#endif
