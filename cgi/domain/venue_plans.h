/*
 * domain/venue_plans.c: venues and their hall plans — reading them for
 * their owner (or an admin), create and update, replacing a plan, single
 * seat edits, and the rule that a plan with tickets or held seats is frozen.
 */
#ifndef KT_DOMAIN_VENUE_PLANS_H
#define KT_DOMAIN_VENUE_PLANS_H

#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/hallplan.h"

/*
 * A failed statement is DOM_DOWN when the database is gone, DOM_CONFLICT
 * (no reason) for a deadlock or lock wait — a sale or another editor got
 * there first, so reload and try again — else DOM_ERR.
 */

/* The venue's row (STMT_VENUE_GET, or _LOCK inside a transaction); DOM_NOT_FOUND unless the user's. */
enum dom_rc venue_get(struct db *, const struct user *, int64_t id, int lock, struct dbres **v);
/* The city's directory: every active venue, the user's own inactive ones (an admin's: all). */
enum dom_rc venue_list(struct db *, const struct user *, struct dbres **res);
/*
 * Any venue for reading: *owned is 1 when the user may edit it (its owner
 * or an admin).  DOM_NOT_FOUND for someone else's inactive venue.
 */
enum dom_rc venue_view(struct db *, const struct user *, int64_t id, struct dbres **v,
	     int *owned);
/* Its bookings from yesterday on (STMT_VENUE_BOOKINGS rows). */
enum dom_rc venue_bookings(struct db *, int64_t id, struct dbres **res);
/*
 * Which venues have a booking in [start, start + minutes) other than event
 * `self` (0: none): busy[i] is set for ids[i].  start is UTC "Y-m-d H:M:S".
 */
enum dom_rc venue_busy_at(struct db *, const char *start, int64_t minutes, int64_t self,
	     const int64_t *ids, size_t n, int *busy);

/* The details form as parsed. */
struct venue_details {
	char		*name, *address;
	char		*name_tr[3];	/* translations en, ru, kk (schema/065); NULL: none */
	const char	*kind, *status;
	int64_t		 capacity, price;
	int		 seated;
};
/*
 * Each section's name in en, ru and kk (schema/065): names[i][0..2] for
 * ids[i], NULL where none; one transaction.  A renamed section is a new
 * seat map version (schema/009's trigger on venue_sections).
 */
enum dom_rc venue_section_names(struct db *, int64_t venue, size_t n, const int64_t *ids,
	     char *const (*names)[3]);
/* The venue's price categories (its seats') with their names as given, by code. */
enum dom_rc venue_category_names(struct db *, int64_t venue, struct dbres **res);
/* A category's names en, ru, kk (NULL: none) and `name`, the one they fall back to. */
enum dom_rc venue_category_name_set(struct db *, int64_t venue, const char *category,
	     const char *name, char *const names[3]);
enum dom_rc venue_create(struct db *, int64_t owner, const struct venue_details *, int64_t *id);
enum dom_rc venue_update(struct db *, int64_t id, const struct venue_details *);

/* The generator's last form as JSON text (NULL: none, or cleared); *json is the caller's. */
enum dom_rc venue_gen_form_set(struct db *, int64_t id, const char *json);
enum dom_rc venue_gen_form_get(struct db *, int64_t id, char **json);

/* The stored plan, seats with their ids, in plan order. */
enum dom_rc venue_plan_load(struct db *, int64_t id, struct hallplan *);
/* Tickets ever issued for the venue's seats: *total, of which *live valid or used. */
enum dom_rc venue_plan_tickets(struct db *, int64_t id, int64_t *total, int64_t *live);
enum dom_rc venue_sections(struct db *, int64_t id, struct dbres **res);

/* Why a plan may not change: reason "not_seated", "locked", "held" or "duplicate_db". */
struct plan_refusal {
	const char	*reason;
	int64_t		 total, live, held;
	size_t		 line;	/* duplicate_db: the plan line, 0 if unknown */
};
/*
 * Replaces the plan in one transaction and sets the capacity to the seat
 * count.  DOM_CONFLICT with a reason when the venue is not seated, tickets
 * were issued for its seats or some are held (DOM_INVALID "duplicate_db"
 * for names the collation takes for equal).
 */
enum dom_rc venue_plan_replace(struct db *, const struct user *, int64_t id,
	     const struct hallplan *, struct plan_refusal *);
/* Single seats, under the same rule; reason "section_invalid" or "seat_taken" too. */
enum dom_rc venue_seat_get(struct db *, int64_t venue, int64_t seat, struct dbres **s);
enum dom_rc venue_seat_find(struct db *, int64_t venue, const char *section, const char *row,
	     const char *seat, struct dbres **res);
enum dom_rc venue_seat_update(struct db *, const struct user *, int64_t venue, int64_t seat,
	     int64_t section, const char *row, const char *label, int64_t x, int64_t y,
	     const char *category, struct plan_refusal *);
enum dom_rc venue_seat_delete(struct db *, const struct user *, int64_t venue, int64_t seat,
	     struct plan_refusal *);

#endif
