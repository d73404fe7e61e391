/*
 * domain/checkin.c: the door.  A scan of a ticket code lets its holder in
 * once: the conditional update from valid to used is the referee, so two
 * doors scanning one ticket at the same moment let one person in.
 */
#ifndef KT_DOMAIN_CHECKIN_H
#define KT_DOMAIN_CHECKIN_H

#include <stdint.h>
#include <time.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"

enum door_verdict {
	DOOR_OK,		/* valid: let them in */
	DOOR_USED,		/* already checked in (at, door say when and where) */
	DOOR_WRONG_EVENT,	/* a ticket of another event */
	DOOR_CANCELLED,		/* cancelled or voided */
	DOOR_UNKNOWN,		/* no ticket has this code */
	DOOR__MAX
};

/* "ok", "already", "wrong_event", "cancelled", "invalid": the template's and the strings' keys. */
extern const char *const door_verdict_names[DOOR__MAX];

/* What one scan found; the strings are the caller's, freed by door_scan_free. */
struct door_scan {
	enum door_verdict verdict;
	char		 code[25];	/* normalised, "" for DOOR_UNKNOWN */
	char		*holder;
	char		*section, *row, *seat;	/* NULL for general admission */
	char		*door;		/* the door that let it in, NULL when unnamed */
	char		*other_event;	/* DOOR_WRONG_EVENT: the ticket's event, only to its staff */
	int64_t		 other_event_id;	/* and its id; 0 when not told */
	time_t		 at;		/* when it was let in, 0 when never */
};

/*
 * Checks in the ticket `raw` (a typed code, or a scanned QR: the ticket's
 * URL, whose last part is the code) at event `event_id` through door `door`
 * (NULL or "" when unnamed) by user `by`.  DOM_OK with *out filled for
 * every verdict (another event's ticket: no holder, seat or code, and its
 * event only when `by` works it too); DOM_DOWN, DOM_ERR when the database
 * fails.
 */
enum dom_rc door_scan(struct db *, int64_t event_id, const char *raw, const char *door,
	     const struct user *by, struct door_scan *out);
void	 door_scan_free(struct door_scan *);

/* Tickets checked in so far and tickets expected (valid or used). */
enum dom_rc door_counts(struct db *, int64_t event_id, int64_t *inside, int64_t *expected);

#endif
