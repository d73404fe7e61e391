/*
 * domain/event_rules.c: an organiser's event — the checks of the event
 * form against the database (venue, its seats and prices, the overlap
 * rule, capacity), create, update, publish, cancel, staff and the report.
 */
#ifndef KT_DOMAIN_EVENT_RULES_H
#define KT_DOMAIN_EVENT_RULES_H

#include <stdint.h>
#include <time.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"
#include "lib/hallplan.h"

#define EV_MAX_CATS	20

/* Field errors as (field, code), the first per field, at most EV_ERR_MAX. */
#define EV_ERR_MAX 8
struct ev_errs {
	struct { const char *field, *code; } v[EV_ERR_MAX];
	size_t n;
};
void	 ev_err_add(struct ev_errs *, const char *field, const char *code);

/* The languages content comes in, in enum lang's order (schema/065). */
#define EV_LANGS	3
extern const char *const ev_lang_codes[EV_LANGS];

/* The event form as parsed, with no request in it. */
struct event_form {
	/* name and description: the text every language falls back to */
	char	*name, *description, *location;
	/* their translations as given (en, ru, kk), NULL where none */
	char	*name_tr[EV_LANGS], *desc_tr[EV_LANGS];
	char	 starts[32];
	time_t	 starts_t;
	int64_t	 duration, venue_id, client_id, capacity, max_pp;
	int	 seated;	/* -1: as the venue is */
	int	 publish;
	const char *currency;
	char	 sales_start[32], sales_end[32];
	int	 has_ss, has_se;
	const char *date_field;	/* where a start error shows: "date" or "starts_at" */
	/* a category's price as typed: 0, 1 when missing, -1 when not money */
	int	(*price)(void *arg, const char *cat, int64_t *out);
	void	*price_arg;
	/* a category as the hall plan allows it: HP_CATEGORY_CHARS code points */
	struct { char cat[HP_CATEGORY_CHARS * 4 + 1]; int64_t price; } prices[EV_MAX_CATS];
	size_t	 nprices;
	/*
	 * set by event_check when the venue is busy: the other booking's
	 * times, and its name when it is published (or the caller's own)
	 */
	int	 busy;
	char	*busy_name;
	time_t	 busy_at, busy_end;
	/* with capacity_below_sold: the places sold or held, the lowest capacity now */
	int64_t	 min_capacity;
};
void	 event_form_free(struct event_form *);

/* The event (STMT_ORG_EVENT row) if the user manages it; DOM_NOT_FOUND if not. */
enum dom_rc event_managed(struct db *, const struct user *, int64_t id, struct dbres **ev);
/*
 * The checks that need the database; `ev` is the stored event when
 * editing, else NULL.  Adds to e; DOM_OK unless the database failed.
 */
enum dom_rc event_check(struct db *, const struct user *, struct event_form *,
	     const struct dbres *ev, struct ev_errs *e);
/*
 * Both writes lock the venue's row and look for an overlap again inside
 * the transaction: two organisers booking it at once, one gets
 * DOM_CONFLICT "venue_busy" (run event_check again for the details).
 */
enum dom_rc event_create(struct db *, int64_t owner, const struct event_form *, int64_t *id);
/*
 * DOM_INVALID (capacity_below_sold in e, f->min_capacity set) when the
 * places sold and held pass the new capacity; the UPDATE is conditional,
 * so a hold or a sale at the same moment never goes past it.
 */
enum dom_rc event_update(struct app *, int64_t id, struct event_form *, int publish,
	     struct ev_errs *e);
enum dom_rc event_publish(struct db *, const struct dbres *ev, const char **reason);
enum dom_rc event_cancel(struct app *, int64_t id, const struct dbres *ev, int64_t by,
	     const char **reason);
enum dom_rc event_set_image(struct db *, int64_t id, const char *name);
/*
 * Staff.  staff_invite adds an address to the team, answering alike for
 * every address (a confirmed account joins now, any other when an account
 * with it is confirmed); both are mailed.  `lang` is the inviter's, for an
 * address without an account.  DOM_INVALID "staff_owner" for the owner.
 */
int	 staff_role_valid(const char *role);
enum dom_rc staff_invite(struct app *, int64_t event, int64_t owner, const char *email,
	     const char *role, int64_t by, const char *lang, const char **reason);
/* In the caller's transaction, once user `uid`'s address is confirmed. */
enum db_rc staff_invites_take(struct db *, int64_t uid);
enum dom_rc staff_remove(struct db *, int64_t event, int64_t uid);
enum dom_rc staff_remove_email(struct db *, int64_t event, const char *email);
/* The report: only of an ended event that ran; completes it with counted numbers. */
enum dom_rc report_allowed(const struct dbres *ev, const char **reason);
enum dom_rc report_save(struct db *, int64_t id, const char *summary, const char *feedback);

#endif
