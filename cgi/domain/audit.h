/*
 * domain/audit.c: the audit log — every change an organiser or an admin
 * makes to an event, a venue, a plan, staff, an order or a role: who,
 * what, when, before -> after.  Listed on the event's and the admin's pages.
 */
#ifndef KT_DOMAIN_AUDIT_H
#define KT_DOMAIN_AUDIT_H

#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"

/*
 * One entry: `actor` did `action` (a word: "event_update", "venue_update",
 * "plan_replace", "staff_add", "order_cancel", "role_change" …) to event
 * and/or venue (0: none) and `target` (an order, a user; 0: none); `field`
 * changed from `before` to `after` (any may be NULL).  A failure is
 * logged, never the caller's: the change itself is already made.
 */
enum dom_rc audit_note(struct db *, int64_t actor, int64_t event, int64_t venue,
	     const char *action, int64_t target, const char *field, const char *before,
	     const char *after);
/* A user's role, or "blocked", as the entry of a role change shows it; caller frees. */
char	*audit_user_state(struct db *, int64_t user, char **email);
/* The newest entries, of one event (event > 0), one venue (venue > 0) or all. */
enum dom_rc audit_list(struct db *, int64_t event, int64_t venue, int64_t limit,
	     int64_t offset, struct dbres **res);

#endif
