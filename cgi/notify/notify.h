/*
 * Calendars and notifications: what the .ics files hold, calendar bumps,
 * Google Calendar calls and sync, the holder's mails on a change,
 * reminders, organisers' alerts (notify/calendar.c, gcal.c, notify.c,
 * alerts.c).
 */
#ifndef KT_NOTIFY_H
#define KT_NOTIFY_H

#include <time.h>

#include <jansson.h>

#include "db/db.h"
#include "lib/app.h"
#include "lib/ics.h"	/* the writer; tests/unit/test_calendar.c reaches it here */

/* Pieces of a STMT_CAL_TICKET row (also for mails and Google); callers free. */
char	*cal_location(const struct dbres *, size_t row);
char	*cal_seat(struct app *, enum lang, const struct dbres *, size_t row);
char	*cal_ticket_text(struct app *, enum lang, const struct dbres *, size_t row);
int	 cal_ticket_off(const struct dbres *, size_t row);
/* The .ics of a ticket or of an order's tickets, for mails; NULL if none. */
char	*cal_ics_ticket(struct app *, enum lang, int64_t ticket_id, size_t *len);
char	*cal_ics_order(struct app *, enum lang, int64_t order_id, size_t *len);
/* The calendar of the tickets in a CAL_TICKET-shaped result, named for a feed. */
char	*cal_ics_tickets(struct app *, enum lang, const struct dbres *, const char *calname,
	     size_t *len);
/* The .ics of an event from its STMT_CAL_EVENT row.  Caller frees. */
char	*cal_ics_event(struct app *, const struct dbres *ev, size_t *len);
/* A user's feed token for this nonce (the feed's key); NULL on failure, caller frees. */
char	*cal_feed_token(struct app *, int64_t uid, const char *nonce);
/* In the caller's transaction: SEQUENCE up and Google sync queued. */
enum db_rc cal_ticket_changed(struct app *, int64_t ticket_id);
enum db_rc cal_event_changed(struct app *, int64_t event_id);
enum db_rc cal_order_bought(struct app *, int64_t order_id);
/* A deleted account: no feed, no Google tokens (in the caller's transaction). */
enum db_rc cal_user_forget(struct app *, int64_t uid);
/* gcal.c: the gcal_sync job: 0 done, -1 try again later (err says why). */
int	 gcal_job(struct app *, json_t *payload, char *err, size_t errlen);
/* Google's consent page for a signed state; NULL if curl fails.  Caller frees. */
char	*gcal_auth_url(struct app *, const char *state);
/* Code for tokens: 0 with *tok (caller's), 1 grant refused, -1 other (err says). */
int	 gcal_code_exchange(struct app *, const char *code, json_t **tok, char *err,
	     size_t errlen);
/* In a transaction of their own (rolled back on failure). */
enum db_rc gcal_connect(struct app *, int64_t uid, json_t *tok);
enum db_rc gcal_disconnect(struct app *, int64_t uid);

enum ticket_change { TC_CANCELLED, TC_SEAT };
/* In the caller's transaction: calendar bump, Google sync, the holder's mail. */
enum db_rc notify_ticket(struct app *, int64_t ticket_id, enum ticket_change);
void	 reminders_sweep(struct app *);
/* Who a one-click opt-out key names ("u:<id>", "e:<address>"), NULL if none of ours. */
char	*reminders_who(struct app *, const char *key);
/* Reminders on or off for a user (uid > 0), else for a guest's address. */
enum db_rc reminders_switch(struct app *, int64_t uid, const char *email, int on);

/* alerts.c: the runner's sweep for events near capacity; organisers mailed once. */
void	 alerts_near_capacity(struct app *);

#endif
